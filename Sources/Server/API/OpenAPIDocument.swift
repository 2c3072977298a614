/// The API's OpenAPI 3.0.3 document, served at `GET /openapi.json`. Hand-written: it states
/// every status code and content type the server answers (checked by schemathesis in
/// tests-py/test_lookup_api.py), so change it with the handlers.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.0.3",
  "info": {
    "title": "LeakTrace lookup API",
    "version": "3.0.0",
    "description": "An HIBP API v3-compatible breach lookup for Malaysian breaches (emails, phone numbers, MyKad numbers). Every request must send a user-agent header (403 otherwise). Account lookups need an hibp-api-key (32 hex digits)."
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "paths": {
    "/api/v3/breaches": {
      "get": {
        "operationId": "getBreaches",
        "summary": "All breaches in the system, sorted by title.",
        "parameters": [
          {
            "name": "domain",
            "in": "query",
            "required": false,
            "description": "Only breaches of this domain (case-insensitive).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "isSpamList",
            "in": "query",
            "required": false,
            "description": "Only spam lists (true) or only others (false).",
            "schema": {
              "type": "boolean"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "Breaches, sorted by title.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "$ref": "#/components/schemas/Breach"
                  }
                }
              }
            }
          },
          "400": {
            "description": "Malformed request: an account that is no email, MyKad or phone; a bad parameter or body.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "Rate limit exceeded.",
            "headers": {
              "Retry-After": {
                "description": "Whole seconds to wait (rounded up).",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                },
                "required": true
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v3/breach/{name}": {
      "get": {
        "operationId": "getBreach",
        "summary": "A single breach by its Name.",
        "parameters": [
          {
            "name": "name",
            "in": "path",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1
            }
          }
        ],
        "responses": {
          "200": {
            "description": "One breach.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Breach"
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No breach of that name (no content)."
          },
          "429": {
            "description": "Rate limit exceeded.",
            "headers": {
              "Retry-After": {
                "description": "Whole seconds to wait (rounded up).",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                },
                "required": true
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v3/latestbreach": {
      "get": {
        "operationId": "getLatestBreach",
        "summary": "The most recently added breach.",
        "responses": {
          "200": {
            "description": "One breach.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Breach"
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "No breach yet (no content)."
          },
          "429": {
            "description": "Rate limit exceeded.",
            "headers": {
              "Retry-After": {
                "description": "Whole seconds to wait (rounded up).",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                },
                "required": true
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v3/dataclasses": {
      "get": {
        "operationId": "getDataClasses",
        "summary": "All data classes, alphabetically.",
        "responses": {
          "200": {
            "description": "Data class names.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "Rate limit exceeded.",
            "headers": {
              "Retry-After": {
                "description": "Whole seconds to wait (rounded up).",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                },
                "required": true
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v3/breachedaccount/{account}": {
      "get": {
        "operationId": "getBreachedAccount",
        "summary": "The breaches an email address, phone number or MyKad is in.",
        "security": [
          {
            "hibpApiKey": []
          }
        ],
        "parameters": [
          {
            "name": "account",
            "in": "path",
            "required": true,
            "description": "An email address, a phone number or a MyKad number, in any spelling (URL-encoded).",
            "schema": {
              "type": "string",
              "minLength": 1
            }
          },
          {
            "name": "truncateResponse",
            "in": "query",
            "required": false,
            "description": "Only each breach's Name (default true, as HIBP).",
            "schema": {
              "type": "boolean",
              "default": true
            }
          },
          {
            "name": "domain",
            "in": "query",
            "required": false,
            "description": "Only breaches of this domain (case-insensitive).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "includeUnverified",
            "in": "query",
            "required": false,
            "description": "Include unverified breaches (default true).",
            "schema": {
              "type": "boolean",
              "default": true
            }
          },
          {
            "name": "X-LeakTrace-Ownership",
            "in": "header",
            "required": false,
            "description": "A proof of ownership (from /api/v3/ownership/verify): shows sensitive breaches of that account, and makes MyKad lookups possible when the proven phone or email belongs to the same person.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The breaches the account is in, ordered by Name: names only when truncated, full breach objects otherwise.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Breach"
                      },
                      {
                        "$ref": "#/components/schemas/BreachName"
                      }
                    ]
                  }
                }
              }
            }
          },
          "400": {
            "description": "Malformed request: an account that is no email, MyKad or phone; a bad parameter or body.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "Missing, improperly formed or invalid (revoked) hibp-api-key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "The account is in no breach visible to the caller (no content)."
          },
          "429": {
            "description": "Rate limit exceeded.",
            "headers": {
              "Retry-After": {
                "description": "Whole seconds to wait (rounded up).",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                },
                "required": true
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v3/breachedaccount": {
      "post": {
        "operationId": "postBreachedAccount",
        "summary": "As GET /api/v3/breachedaccount/{account}, with the account (and proof) in the body, so that a MyKad never travels in a URL.",
        "security": [
          {
            "hibpApiKey": []
          }
        ],
        "parameters": [
          {
            "name": "truncateResponse",
            "in": "query",
            "required": false,
            "description": "Only each breach's Name (default true, as HIBP).",
            "schema": {
              "type": "boolean",
              "default": true
            }
          },
          {
            "name": "domain",
            "in": "query",
            "required": false,
            "description": "Only breaches of this domain (case-insensitive).",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "includeUnverified",
            "in": "query",
            "required": false,
            "description": "Include unverified breaches (default true).",
            "schema": {
              "type": "boolean",
              "default": true
            }
          },
          {
            "name": "X-LeakTrace-Ownership",
            "in": "header",
            "required": false,
            "description": "A proof of ownership (from /api/v3/ownership/verify): shows sensitive breaches of that account, and makes MyKad lookups possible when the proven phone or email belongs to the same person.",
            "schema": {
              "type": "string"
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LookupRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The breaches the account is in, ordered by Name: names only when truncated, full breach objects otherwise.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "array",
                  "items": {
                    "anyOf": [
                      {
                        "$ref": "#/components/schemas/Breach"
                      },
                      {
                        "$ref": "#/components/schemas/BreachName"
                      }
                    ]
                  }
                }
              }
            }
          },
          "400": {
            "description": "Malformed request: an account that is no email, MyKad or phone; a bad parameter or body.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "401": {
            "description": "Missing, improperly formed or invalid (revoked) hibp-api-key.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "The account is in no breach visible to the caller (no content)."
          },
          "429": {
            "description": "Rate limit exceeded.",
            "headers": {
              "Retry-After": {
                "description": "Whole seconds to wait (rounded up).",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                },
                "required": true
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v3/ownership/challenge": {
      "post": {
        "operationId": "postOwnershipChallenge",
        "summary": "Sends a one-time code to an email address or phone number. Same answer whether or not it is in a breach.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ChallengeRequest"
              }
            }
          }
        },
        "responses": {
          "202": {
            "description": "A code was sent.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Challenge"
                }
              }
            }
          },
          "400": {
            "description": "Not an email address or phone number (a MyKad cannot receive a code), a bad language, or a malformed body.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "Too many codes: Per client address (hourly) and, for challenges, per contact.",
            "headers": {
              "Retry-After": {
                "description": "Whole seconds to wait (rounded up).",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                },
                "required": true
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "No code sender is configured on this server, or the code could not be sent.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/api/v3/ownership/verify": {
      "post": {
        "operationId": "postOwnershipVerify",
        "summary": "Exchanges a one-time code for a proof of ownership.",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/VerifyRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "The proof, to send as X-LeakTrace-Ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Proof"
                }
              }
            }
          },
          "400": {
            "description": "Wrong code (AttemptsLeft says how many tries remain) or a malformed body.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "404": {
            "description": "Unknown, expired or exhausted challenge.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "429": {
            "description": "Too many attempts from this address.",
            "headers": {
              "Retry-After": {
                "description": "Whole seconds to wait (rounded up).",
                "schema": {
                  "type": "integer",
                  "minimum": 1
                },
                "required": true
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          },
          "503": {
            "description": "No code sender is configured on this server.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "getOpenAPI",
        "summary": "This document.",
        "responses": {
          "200": {
            "description": "OpenAPI 3.0.3 document.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "getMetrics",
        "summary": "Prometheus metrics (route patterns, statuses, lookups, rate-limit refusals; never an identifier).",
        "responses": {
          "200": {
            "description": "Prometheus text exposition format.",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          },
          "403": {
            "description": "No user-agent header (every endpoint), or a MyKad lookup without a linked proof of ownership.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                }
              }
            }
          }
        }
      }
    }
  },
  "components": {
    "securitySchemes": {
      "hibpApiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "hibp-api-key",
        "description": "32 hex digits, made with `leaktrace apikey create`."
      }
    },
    "schemas": {
      "Breach": {
        "type": "object",
        "required": [
          "Name",
          "Title",
          "Domain",
          "BreachDate",
          "AddedDate",
          "ModifiedDate",
          "PwnCount",
          "Description",
          "LogoPath",
          "Attribution",
          "DataClasses",
          "IsVerified",
          "IsFabricated",
          "IsSensitive",
          "IsRetired",
          "IsSpamList",
          "IsMalware",
          "IsSubscriptionFree",
          "IsStealerLog",
          "SourceOrganisation",
          "SnapshotEarliest",
          "SnapshotLatest",
          "ReportId"
        ],
        "properties": {
          "Name": {
            "type": "string",
            "description": "Stable Pascal-case id."
          },
          "Title": {
            "type": "string"
          },
          "Domain": {
            "type": "string"
          },
          "BreachDate": {
            "type": "string",
            "description": "yyyy-MM-dd"
          },
          "AddedDate": {
            "type": "string",
            "description": "ISO 8601 instant"
          },
          "ModifiedDate": {
            "type": "string",
            "description": "ISO 8601 instant"
          },
          "PwnCount": {
            "type": "integer"
          },
          "Description": {
            "type": "string",
            "description": "HTML"
          },
          "LogoPath": {
            "type": "string"
          },
          "Attribution": {
            "type": "string",
            "nullable": true
          },
          "DataClasses": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "IsVerified": {
            "type": "boolean"
          },
          "IsFabricated": {
            "type": "boolean"
          },
          "IsSensitive": {
            "type": "boolean"
          },
          "IsRetired": {
            "type": "boolean"
          },
          "IsSpamList": {
            "type": "boolean"
          },
          "IsMalware": {
            "type": "boolean"
          },
          "IsSubscriptionFree": {
            "type": "boolean"
          },
          "IsStealerLog": {
            "type": "boolean"
          },
          "SourceOrganisation": {
            "type": "string",
            "nullable": true,
            "description": "LeakTrace: the organisation the data came from, if known."
          },
          "SnapshotEarliest": {
            "type": "string",
            "nullable": true,
            "description": "LeakTrace: earliest estimated snapshot date (yyyy-MM-dd)."
          },
          "SnapshotLatest": {
            "type": "string",
            "nullable": true,
            "description": "LeakTrace: latest estimated snapshot date (yyyy-MM-dd)."
          },
          "ReportId": {
            "type": "string",
            "nullable": true,
            "description": "LeakTrace: SHA-256 of the triage report."
          },
          "PersonDataClasses": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "description": "LeakTrace, account lookups only: the data classes of this person in this breach."
          }
        }
      },
      "BreachName": {
        "type": "object",
        "required": [
          "Name"
        ],
        "properties": {
          "Name": {
            "type": "string"
          }
        }
      },
      "Error": {
        "type": "object",
        "required": [
          "statusCode",
          "message"
        ],
        "properties": {
          "statusCode": {
            "type": "integer"
          },
          "message": {
            "type": "string"
          },
          "AttemptsLeft": {
            "type": "integer",
            "description": "Wrong ownership codes only."
          }
        }
      },
      "LookupRequest": {
        "type": "object",
        "required": [
          "account"
        ],
        "properties": {
          "account": {
            "type": "string",
            "minLength": 1,
            "maxLength": 320,
            "description": "An email address, phone number or MyKad number."
          },
          "proof": {
            "type": "string",
            "nullable": true,
            "description": "A proof of ownership (instead of the X-LeakTrace-Ownership header)."
          }
        }
      },
      "ChallengeRequest": {
        "type": "object",
        "required": [
          "account"
        ],
        "properties": {
          "account": {
            "type": "string",
            "minLength": 1,
            "maxLength": 320,
            "description": "An email address or phone number."
          },
          "language": {
            "type": "string",
            "enum": [
              "en",
              "ms"
            ],
            "nullable": true,
            "description": "Language of the message (default en)."
          }
        }
      },
      "Challenge": {
        "type": "object",
        "required": [
          "ChallengeId",
          "ExpiresAt"
        ],
        "properties": {
          "ChallengeId": {
            "type": "string"
          },
          "ExpiresAt": {
            "type": "integer",
            "description": "Unix seconds."
          }
        }
      },
      "VerifyRequest": {
        "type": "object",
        "required": [
          "challengeId",
          "code"
        ],
        "properties": {
          "challengeId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128
          },
          "code": {
            "type": "string",
            "minLength": 1,
            "maxLength": 32
          }
        }
      },
      "Proof": {
        "type": "object",
        "required": [
          "Proof",
          "ExpiresAt"
        ],
        "properties": {
          "Proof": {
            "type": "string"
          },
          "ExpiresAt": {
            "type": "integer",
            "description": "Unix seconds."
          }
        }
      }
    }
  }
}
"""#
}
