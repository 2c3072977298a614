import ArgumentParser
import Foundation
import HummingbirdBcrypt
import Incidents

extension LeakTrace {
    /// `leaktrace org add|list`.
    struct OrgCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "org",
            abstract: "Organisations that take part in cases (the first one needs no administrator).",
            subcommands: [Add.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an organisation.")
            @Argument(help: "A slug: lower-case letters, digits and dashes (telco-a, jpdp, pdrm-ccid).") var id: String
            @Option(help: "Its name.") var name: String
            @Option(help: "controller, processor, regulator, police, cert or other.") var kind: String = "controller"
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                guard let k = Organisation.Kind(rawValue: kind) else {
                    throw ValidationError("--kind: expected one of \(Organisation.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                try await IncidentContext.withService(incident) { service in
                    let admin = try await IncidentContext.optionalActor(incident, service)
                    let org = try await service.addOrganisation(Organisation(id: id, name: name, kind: k), by: admin)
                    print("organisation \(org.id) (\(org.kind.rawValue)): \(org.name)")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List organisations.")
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                try await IncidentContext.withService(incident) { service in
                    let orgs = try await service.organisations()
                    if json { print(try IncidentContext.json(orgs)); return }
                    for o in orgs { print("\(o.id)\t\(o.kind.rawValue)\t\(o.name)") }
                }
            }
        }
    }

    /// `leaktrace user add|list|password`.
    struct UserCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "user",
            abstract: "Accounts for the case web UI, API and CLI (the first one becomes administrator).",
            subcommands: [Add.self, List.self]
        )

        struct Add: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "add", abstract: "Add an account; the password is read from stdin (one line) and stored as a bcrypt hash.")
            @Argument(help: "The sign-in name.") var username: String
            @Option(help: "The person's organisation (an org id).") var org: String
            @Option(help: "responder, dpo, regulator, police or viewer.") var role: String
            @Option(help: "The name shown in the UI (default: the username).") var name: String?
            @Flag(help: "May manage organisations and accounts.") var admin = false
            @Flag(help: "Read the password from the first line of stdin (required: never on the command line).") var passwordStdin = false
            @Option(help: "bcrypt cost (work factor).") var bcryptCost: UInt8 = 12
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                guard let r = Role(rawValue: role) else {
                    throw ValidationError("--role: expected one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard passwordStdin else { throw ValidationError("give the password on stdin with --password-stdin") }
                guard let password = readLine(strippingNewline: true), password.count >= 10 else {
                    throw ValidationError("the password (first line of stdin) must have at least 10 characters")
                }
                let hash = Bcrypt.hash(password, cost: bcryptCost)
                try await IncidentContext.withService(incident) { service in
                    let actor = try await IncidentContext.optionalActor(incident, service)
                    let p = try await service.addPerson(username: username, displayName: name ?? username, organisationID: org, role: r, isAdministrator: admin, passwordHash: hash, by: actor)
                    print("user \(p.username) (\(p.id)): \(p.role.rawValue) at \(p.organisationID)\(p.isAdministrator ? ", administrator" : "")")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List accounts (never their password hashes).")
            @Flag(help: "Print JSON.") var json = false
            @OptionGroup var incident: IncidentOptions

            func run() async throws {
                try await IncidentContext.withService(incident) { service in
                    let people = try await service.people()
                    if json { print(try IncidentContext.json(people)); return }
                    for p in people { print("\(p.username)\t\(p.organisationID)\t\(p.role.rawValue)\(p.isAdministrator ? "\tadmin" : "")\t\(p.displayName)") }
                }
            }
        }
    }
}
