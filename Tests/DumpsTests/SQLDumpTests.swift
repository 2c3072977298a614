import Foundation
import LeakTraceCore
import Testing

@testable import Dumps

/// One record of an SQL dump as the tests see it.
struct SQLRow: Equatable, CustomStringConvertible {
    var table: String?
    var columns: [String]?
    var fields: [[UInt8]]
    var line: Int
    var offset: Int

    var text: [String] { fields.map { String(decoding: $0, as: UTF8.self) } }
    var description: String { "\(table ?? "-") \(text) @\(line)/\(offset)" }
}

/// Reads every record of an SQL dump with the batches' table and column names; checks that no
/// batch mixes tables on the way.
func readSQL(_ text: String, options: ReaderOptions = ReaderOptions()) throws -> (rows: [SQLRow], reader: DumpReader) {
    try readSQL(Array(text.utf8), options: options)
}

func readSQL(_ bytes: [UInt8], options: ReaderOptions = ReaderOptions()) throws -> (rows: [SQLRow], reader: DumpReader) {
    let reader = try DumpReader(path: temporaryFile(bytes, name: "dump.sql"), options: options)
    var rows: [SQLRow] = []
    while let batch = try reader.nextBatch() {
        #expect(!batch.isEmpty)
        for r in 0 ..< batch.recordCount {
            let fields = batch.fields(ofRecord: r).map { f in
                Array(batch.bytes[Int(batch.fieldStart[f]) ..< Int(batch.fieldStart[f]) + Int(batch.fieldLength[f])])
            }
            rows.append(SQLRow(table: batch.table, columns: batch.columns, fields: fields, line: batch.recordLine[r], offset: batch.recordOffset[r]))
        }
    }
    return (rows, reader)
}

/// Byte offset of the first occurrence of `needle` in `text`.
func offset(of needle: String, in text: String, after: String? = nil) -> Int {
    let bytes = Array(text.utf8)
    let n = Array(needle.utf8)
    var from = 0
    if let after { from = offset(of: after, in: text) + after.utf8.count }
    for i in from ... bytes.count - n.count where Array(bytes[i ..< i + n.count]) == n { return i }
    return -1
}

enum SQLSamples {
    static let mysql = """
    -- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)
    --
    -- Host: localhost    Database: telco
    -- ------------------------------------------------------
    /*!40101 SET @OLD_CHARACTER_SET_CLIENT=@@CHARACTER_SET_CLIENT */;
    /*!40101 SET NAMES utf8mb4 */;

    --
    -- Table structure for table `subscribers`
    --

    DROP TABLE IF EXISTS `subscribers`;
    /*!40101 SET @saved_cs_client     = @@character_set_client */;
    CREATE TABLE `subscribers` (
      `id` int NOT NULL AUTO_INCREMENT,
      `name` varchar(100) DEFAULT NULL COMMENT 'full name, as on the IC (a, b)',
      `mykad` char(12) DEFAULT NULL,
      `note` text,
      `photo` blob,
      PRIMARY KEY (`id`),
      UNIQUE KEY `mykad` (`mykad`),
      KEY `idx_name` (`name`(10)),
      CONSTRAINT `fk` FOREIGN KEY (`id`) REFERENCES `x` (`id`)
    ) ENGINE=InnoDB AUTO_INCREMENT=3 DEFAULT CHARSET=utf8mb4 COMMENT='subs; (test)';
    /*!40101 SET character_set_client = @saved_cs_client */;

    LOCK TABLES `subscribers` WRITE;
    /*!40000 ALTER TABLE `subscribers` DISABLE KEYS */;
    INSERT INTO `subscribers` VALUES (1,'Tan Ah Kow','900101145678','it\\'s \\"q\\" \\\\ a\\nb\\rc\\td\\0e\\Zf\\bg and ''h''',_binary 'raw;)'),(2,'Siti',NULL,'',0x414243),(-3,'Ali','850505105555','x',0xabc);
    INSERT INTO `subscribers` VALUES (4,'Kumar','771212075555','y;z',NULL);
    /*!40000 ALTER TABLE `subscribers` ENABLE KEYS */;
    UNLOCK TABLES;

    --
    -- Table structure for table `orders`
    --

    CREATE TABLE IF NOT EXISTS `orders` (
      `order_no` bigint NOT NULL,
      `phone` varchar(20)
    );
    LOCK TABLES `orders` WRITE;
    INSERT INTO `orders` VALUES (9001,'+60123456789'),(9002,'0123456789');
    UNLOCK TABLES;
    INSERT INTO `subscribers` (`id`,`mykad`) VALUES (5,'880808085555');
    /*!40101 SET CHARACTER_SET_CLIENT=@OLD_CHARACTER_SET_CLIENT */;

    -- Dump completed on 2024-05-01 10:00:00

    """

    static let pgCopy = """
    --
    -- PostgreSQL database dump
    --

    \\restrict Xk2Lq

    -- Dumped from database version 15.18
    SET statement_timeout = 0;
    SET client_encoding = 'UTF8';
    SET standard_conforming_strings = on;
    SELECT pg_catalog.set_config('search_path', '', false);

    CREATE FUNCTION public.f() RETURNS trigger
        LANGUAGE plpgsql
        AS $_$ BEGIN INSERT INTO public.x VALUES ('no;'); RETURN NEW; END; $_$;

    CREATE TABLE public.subscribers (
        id integer NOT NULL,
        name text,
        "MyKad" character varying(12),
        note text,
        CONSTRAINT subscribers_id_check CHECK ((id > 0))
    );

    COPY public.subscribers (id, name, "MyKad", note) FROM stdin;
    1\tTan Ah Kow\t900101145678\ta\\\\b\\bc\\fd\\ne\\rf\\tg\\vh
    2\t\\N\t\\101\\x42\\1010\tplain
    3\t\t\\N\tlast
    \\.

    COPY public.orders (order_no, phone) FROM stdin;
    9001\t+60123456789
    \\.

    --
    -- PostgreSQL database dump complete
    --

    \\unrestrict Xk2Lq

    """

    static let pgInserts = """
    --
    -- PostgreSQL database dump
    --

    SET statement_timeout = 0;
    SET standard_conforming_strings = on;

    CREATE TABLE public.subscribers (
        id integer NOT NULL,
        name text,
        "MyKad" character varying(12),
        note text
    );

    INSERT INTO public.subscribers VALUES (1, 'it''s', NULL, 'back\\slash kept');
    INSERT INTO public.subscribers VALUES (2, E'a\\\\b\\nc\\x41\\101\\u00e9\\'', '900101145678', 'NaN'::numeric);
    INSERT INTO public.subscribers (id, name, "MyKad", note) OVERRIDING SYSTEM VALUE VALUES (3, 'col', '850505105555', '');
    SET standard_conforming_strings = off;
    INSERT INTO public.subscribers VALUES (4, 'now\\\\escaped', NULL, NULL);

    """
}

@Suite struct MySQLDumpTests {
    @Test func extendedAndSingleRowInsertsWithEveryEscape() throws {
        let (rows, reader) = try readSQL(SQLSamples.mysql)
        #expect(reader.input.format == .mysqldump)
        #expect(reader.input.delimiter == nil)
        #expect(reader.warnings.total == 0)
        let columns = ["id", "name", "mykad", "note", "photo"]
        #expect(rows.count == 7)
        #expect(rows[0].table == "subscribers")
        #expect(rows[0].columns == columns)
        #expect(rows[0].text == ["1", "Tan Ah Kow", "900101145678", "it's \"q\" \\ a\nb\rc\td\u{0}e\u{1A}f\u{08}g and 'h'", "raw;)"])
        #expect(rows[1].text == ["2", "Siti", "", "", "ABC"])
        #expect(rows[2].fields[4] == [0x0A, 0xBC])  // odd hex digits: an implied leading zero
        #expect(rows[2].text[0] == "-3")
        #expect(rows[3].text == ["4", "Kumar", "771212075555", "y;z", ""])
        #expect(rows[4].table == "orders")
        #expect(rows[4].columns == ["order_no", "phone"])
        #expect(rows[4].text == ["9001", "+60123456789"])
        #expect(rows[5].text == ["9002", "0123456789"])
        // --complete-insert: the statement's own column list.
        #expect(rows[6].table == "subscribers")
        #expect(rows[6].columns == ["id", "mykad"])
        #expect(rows[6].text == ["5", "880808085555"])
        // Lines and offsets of each row's opening parenthesis.
        let insertLine = 1 + SQLSamples.mysql.utf8.prefix(offset(of: "INSERT INTO `subscribers` VALUES (1", in: SQLSamples.mysql)).filter { $0 == 0x0A }.count
        #expect(rows[0].line == insertLine && rows[1].line == insertLine && rows[3].line == insertLine + 1)
        #expect(rows[0].offset == offset(of: "(1,'Tan", in: SQLSamples.mysql))
        #expect(rows[1].offset == offset(of: "(2,'Siti'", in: SQLSamples.mysql))
    }

    @Test(arguments: [
        ("\\0", [0x00]), ("\\'", [0x27]), ("\\\"", [0x22]), ("\\\\", [0x5C]), ("\\n", [0x0A]), ("\\r", [0x0D]),
        ("\\Z", [0x1A]), ("\\t", [0x09]), ("\\b", [0x08]), ("''", [0x27]), ("\\%", [0x5C, 0x25]), ("\\_", [0x5C, 0x5F]), ("\\q", [0x71]),
    ] as [(String, [UInt8])])
    func mysqlStringEscape(escape: String, bytes: [UInt8]) throws {
        let (rows, reader) = try readSQL("INSERT INTO `t` VALUES ('<\(escape)>');\n")
        #expect(reader.warnings.total == 0)
        #expect(rows.map(\.fields) == [[[0x3C] + bytes + [0x3E]]])
    }

    @Test func hexAndBinaryLiterals() throws {
        let (rows, _) = try readSQL("-- MariaDB dump 10.19\nINSERT INTO `t` VALUES (0x00FF10,_binary 'a\\0b',_binary 0x4142,X'4344',x'',0x,b'101',_utf8mb4'kata');\n")
        #expect(rows.count == 1)
        #expect(rows[0].fields == [[0x00, 0xFF, 0x10], [0x61, 0x00, 0x62], [0x41, 0x42], [0x43, 0x44], [], [], Array("101".utf8), Array("kata".utf8)])
    }

    @Test func nullNumbersAndKeywords() throws {
        let (rows, _) = try readSQL("INSERT INTO `t` VALUES (NULL,null,-1.5e+3,42,  'x' ,TRUE,'2024-01-01 10:00:00');\n")
        #expect(rows.map(\.text) == [["", "", "-1.5e+3", "42", "x", "TRUE", "2024-01-01 10:00:00"]])
    }

    @Test func skipExtendedInsertOneStatementPerRowInOneBatch() throws {
        let text = "CREATE TABLE `t` (`a` int, `b` text);\n" + (1 ... 50).map { "INSERT INTO `t` VALUES (\($0),'r\($0)');\n" }.joined()
        let reader = try DumpReader(path: temporaryFile(text))
        let batch = try #require(try reader.nextBatch())
        #expect(batch.recordCount == 50)
        #expect(batch.table == "t" && batch.columns == ["a", "b"])
        #expect(batch.recordLine.first == 2 && batch.recordLine.last == 51)
        #expect(try reader.nextBatch() == nil)
    }

    @Test func insertVariants() throws {
        let text = """
        INSERT IGNORE INTO `t` VALUES (1);
        REPLACE INTO `t` VALUES (2);
        INSERT INTO `db`.`t` VALUES (3);
        INSERT INTO `t` VALUES (4) ON DUPLICATE KEY UPDATE `a`=VALUES(`a`);
        INSERT INTO `t` SELECT * FROM `u`;
        INSERT INTO `t` VALUES ();
        INSERT  INTO `t` VALUE (5) , (6)
        ;
        """
        let (rows, reader) = try readSQL(text)
        #expect(reader.warnings.total == 0)
        #expect(rows.map(\.text) == [["1"], ["2"], ["3"], ["4"], [], ["5"], ["6"]])
        #expect(rows.map(\.table) == ["t", "t", "db.t", "t", "t", "t", "t"])
    }

    /// Statements that carry `;` or `INSERT` in their text (routines, triggers, comments).
    @Test func routinesTriggersAndDelimiters() throws {
        let text = """
        /*!40101 SET NAMES utf8mb4 */;
        INSERT INTO `t` VALUES (1);
        DELIMITER ;;
        CREATE DEFINER=`root`@`localhost` PROCEDURE `p`()
        BEGIN
          INSERT INTO `t` VALUES (666);
        END ;;
        /*!50003 CREATE*/ /*!50017 DEFINER=`root`@`%`*/ /*!50003 TRIGGER `tr` BEFORE INSERT ON `t` FOR EACH ROW INSERT INTO `log` VALUES (667); */;;
        DELIMITER ;
        # a hash comment with INSERT INTO `t` VALUES (668);
        INSERT INTO `t` VALUES (2);
        """
        let (rows, reader) = try readSQL(text)
        #expect(reader.warnings.total == 0)
        #expect(rows.map(\.text) == [["1"], ["2"]])
    }

    /// A huge extended INSERT on one line is read row by row across chunks (lines are not needed).
    @Test func hugeExtendedInsertStreamsRowByRow() throws {
        let rowCount = 20000
        var text = "INSERT INTO `big` VALUES "
        text += (0 ..< rowCount).map { "(\($0),'name \($0)','\\'q\\'')" }.joined(separator: ",")
        text += ";\n"
        let options = ReaderOptions(chunkBytes: 4096, maxRecordBytes: 1024)
        let reader = try DumpReader(path: temporaryFile(text), options: options)
        var count = 0
        var batches = 0
        var lastID = -1
        while let batch = try reader.nextBatch() {
            batches += 1
            #expect(batch.bytes.count < 4096 + 1024)
            for r in 0 ..< batch.recordCount {
                let id = Int(batch.string(field: batch.fields(ofRecord: r).lowerBound))!
                #expect(id == lastID + 1)
                lastID = id
                #expect(batch.string(field: batch.fields(ofRecord: r).lowerBound + 2) == "'q'")
            }
            count += batch.recordCount
        }
        #expect(count == rowCount)
        #expect(batches > 10)
        #expect(reader.warnings.total == 0)
    }
}

@Suite struct PostgreSQLDumpTests {
    @Test func copyWithNullOctalHexAndEveryEscape() throws {
        let (rows, reader) = try readSQL(SQLSamples.pgCopy)
        #expect(reader.input.format == .pgdump)
        #expect(reader.warnings.total == 0)
        #expect(rows.count == 4)
        let columns = ["id", "name", "MyKad", "note"]
        #expect(rows[0].table == "public.subscribers")
        #expect(rows[0].columns == columns)
        #expect(rows[0].text == ["1", "Tan Ah Kow", "900101145678", "a\\b\u{08}c\u{0C}d\ne\rf\tg\u{0B}h"])
        #expect(rows[1].text == ["2", "", "ABA0", "plain"])  // \101 = A, \x42 = B, \1010 = A then 0
        #expect(rows[2].text == ["3", "", "", "last"])
        #expect(rows[3].table == "public.orders")
        #expect(rows[3].columns == ["order_no", "phone"])
        #expect(rows[3].text == ["9001", "+60123456789"])
        let firstRow = offset(of: "1\tTan", in: SQLSamples.pgCopy)
        #expect(rows[0].offset == firstRow)
        #expect(rows[0].line == 1 + SQLSamples.pgCopy.utf8.prefix(firstRow).filter { $0 == 0x0A }.count)
        #expect(rows[1].line == rows[0].line + 1)
    }

    @Test(arguments: [
        ("\\\\", [0x5C]), ("\\b", [0x08]), ("\\f", [0x0C]), ("\\n", [0x0A]), ("\\r", [0x0D]), ("\\t", [0x09]), ("\\v", [0x0B]),
        ("\\7", [0x07]), ("\\101", [0x41]), ("\\377", [0xFF]), ("\\x4", [0x04]), ("\\x4a", [0x4A]), ("\\x4aZ", [0x4A, 0x5A]), ("\\q", [0x71]),
        ("a\\Nb", [0x61, 0x4E, 0x62]),
    ] as [(String, [UInt8])])
    func copyEscape(escape: String, bytes: [UInt8]) throws {
        let (rows, reader) = try readSQL("-- PostgreSQL database dump\nCOPY t (a, b) FROM stdin;\n<\(escape)>\t\\N\n\\.\n")
        #expect(reader.warnings.total == 0)
        #expect(rows.map(\.fields) == [[[0x3C] + bytes + [0x3E], []]])
    }

    @Test func insertsAndColumnInserts() throws {
        let (rows, reader) = try readSQL(SQLSamples.pgInserts)
        #expect(reader.input.format == .pgdump)
        #expect(reader.warnings.total == 0)
        #expect(rows.map(\.text) == [
            ["1", "it's", "", "back\\slash kept"],
            ["2", "a\\b\ncAAé'", "900101145678", "NaN"],
            ["3", "col", "850505105555", ""],
            ["4", "now\\escaped", "", ""],
        ])
        #expect(rows.allSatisfy { $0.table == "public.subscribers" && $0.columns == ["id", "name", "MyKad", "note"] })
    }

    @Test(arguments: [
        ("\\\\", [0x5C]), ("\\'", [0x27]), ("''", [0x27]), ("\\b", [0x08]), ("\\f", [0x0C]), ("\\n", [0x0A]), ("\\r", [0x0D]),
        ("\\t", [0x09]), ("\\101", [0x41]), ("\\x41", [0x41]), ("\\u00e9", [0xC3, 0xA9]), ("\\U0001F600", [0xF0, 0x9F, 0x98, 0x80]),
    ] as [(String, [UInt8])])
    func escapeStringLiteral(escape: String, bytes: [UInt8]) throws {
        let (rows, reader) = try readSQL("-- PostgreSQL database dump\nINSERT INTO public.t VALUES (E'<\(escape)>', '<\\n>');\n")
        #expect(reader.warnings.total == 0)
        // A standard string keeps its backslash.
        #expect(rows.map(\.fields) == [[[0x3C] + bytes + [0x3E], Array("<\\n>".utf8)]])
    }
}

@Suite struct SQLDumpRobustnessTests {
    static let samples: [String] = [SQLSamples.mysql, SQLSamples.pgCopy, SQLSamples.pgInserts]

    /// Every chunk size cuts statements, strings, escapes and COPY lines somewhere else; the rows,
    /// their tables, lines and offsets must not change.
    @Test(arguments: [1, 3, 7, 64])
    func rowsSurviveEveryChunkBoundary(chunk: Int) throws {
        for sample in SQLDumpRobustnessTests.samples {
            let expected = try readSQL(sample)
            let small = try readSQL(sample, options: ReaderOptions(chunkBytes: chunk, maxRecordBytes: 1 << 20))
            #expect(small.rows == expected.rows)
            #expect(small.reader.warnings == expected.reader.warnings)
        }
        // The damage cases too: the same warnings whatever the chunk size.
        for damaged in SQLDamageTests.cases {
            let expected = try readSQL(damaged.text)
            let small = try readSQL(damaged.text, options: ReaderOptions(chunkBytes: chunk, maxRecordBytes: 1 << 20))
            #expect(small.rows == expected.rows)
            #expect(small.reader.warnings == expected.reader.warnings)
        }
    }

    @Test(arguments: [
        ("-- MySQL dump 10.13  Distrib 8.0.36\n--\nfoo", DumpFormat.mysqldump),
        ("-- MariaDB dump 10.19  Distrib 10.11.6-MariaDB\n", .mysqldump),
        ("/*!40101 SET NAMES utf8 */;\n", .mysqldump),
        ("-- a comment\n\nCREATE TABLE t (a int);\n", .mysqldump),
        ("insert into t values (1);\n", .mysqldump),
        ("LOCK TABLES `t` WRITE;\n", .mysqldump),
        ("--\n-- PostgreSQL database dump\n--\n", .pgdump),
        ("SET statement_timeout = 0;\n", .pgdump),
        ("COPY public.t (a, b) FROM stdin;\n1\t2\n\\.\n", .pgdump),
        ("name,ic\nINSERT INTO,1\n", .csv),
        ("Insert coin, then play\nagain, later\n", .csv),
        ("{\"create table\": 1}\n", .ndjson),
    ])
    func sniffsSQLDumps(text: String, format: DumpFormat) throws {
        let reader = try DumpReader(path: temporaryFile(text, name: "no-extension"))
        #expect(reader.input.format == format)
    }

    @Test func formatCanBeForced() throws {
        let text = "INSERT INTO t VALUES ('a\\nb');\n"
        let mysql = try readSQL(text, options: ReaderOptions(format: .mysqldump))
        let pg = try readSQL(text, options: ReaderOptions(format: .pgdump))
        #expect(mysql.reader.input.format == .mysqldump && mysql.reader.input.formatDecision == "--format")
        #expect(mysql.rows.map(\.text) == [["a\nb"]])
        #expect(pg.rows.map(\.text) == [["a\\nb"]])
        #expect(DumpFormat(rawValue: "mysqldump") == .mysqldump && DumpFormat(rawValue: "pgdump") == .pgdump)
    }

    @Test func rawBinaryBytesDoNotMakeItABinaryFile() throws {
        var bytes = Array("-- MySQL dump 10.13\nINSERT INTO `t` VALUES ('".utf8)
        bytes += (0 ..< 200).map { UInt8(1 + $0 % 30) }.filter { $0 != 0x27 && $0 != 0x5C }
        bytes += Array("');\n".utf8)
        let (rows, _) = try readSQL(bytes)
        #expect(rows.count == 1)
    }

    /// Garbage read as SQL: never a crash or a hang, every byte consumed.
    @Test(arguments: [DumpFormat.mysqldump, .pgdump])
    func hostileBytesNeverCrashOrHang(format: DumpFormat) throws {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("INSERT INTO VALUES COPY FROM stdin; CREATE TABLE ('\"`\\$$),\t\n\\.-/*#0xNULL E'".utf8)
        for round in 0 ..< 30 {
            var bytes = (0 ..< 2000).map { _ in alphabet[Int.random(in: 0 ..< alphabet.count, using: &generator)] }
            if round % 2 == 0 { bytes = Array("INSERT INTO `t` VALUES (".utf8) + bytes }
            for chunk in [3, 64] {
                let reader = try DumpReader(path: temporaryFile(bytes), options: ReaderOptions(format: format, chunkBytes: chunk, maxRecordBytes: 256))
                while try reader.nextBatch() != nil {}
                #expect(reader.bytesConsumed == bytes.count)
            }
        }
    }
}

@Suite struct SQLDamageTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var text: String
        var rows: [[String]]
        var kind: String
        var at: String  // the warning's offset is where this text starts (after `after`, if given)
        var after: String? = nil
        var message: String
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "cut mid-row", text: "INSERT INTO `t` VALUES (1,'a'),(2,'b'),(3,",
            rows: [["1", "a"], ["2", "b"]], kind: "truncated-statement", at: "(3,",
            message: "statement cut short: expected a value (a quoted string, a number, NULL or a hex literal) before the end of the file; the complete rows before it were kept"
        ),
        Case(
            name: "unterminated string", text: "INSERT INTO `t` VALUES (1,'a'),\n(2,'it\\'s cut",
            rows: [["1", "a"]], kind: "truncated-statement", at: "(2,",
            message: "statement cut short: expected a closing quote (') of the string literal before the end of the file; the complete rows before it were kept"
        ),
        Case(
            name: "cut after a row", text: "INSERT INTO `t` VALUES (1,'a'),(2,'b'),",
            rows: [["1", "a"], ["2", "b"]], kind: "truncated-statement", at: "END",
            message: "statement cut short: expected '(' starting a row of VALUES before the end of the file; the complete rows before it were kept"
        ),
        Case(
            name: "no semicolon", text: "INSERT INTO `t` VALUES (1,'a')",
            rows: [["1", "a"]], kind: "truncated-statement", at: "END",
            message: "statement cut short: expected ',' or ';' after a row of VALUES before the end of the file; the complete rows before it were kept"
        ),
        Case(
            name: "cut header", text: "INSERT INTO `t` VALUES (1);\nINSERT INTO `t` VAL",
            rows: [["1"]], kind: "truncated-statement", at: "INSERT INTO `t` VAL", after: "(1);",
            message: "statement cut short: expected VALUES after the table name of an INSERT before the end of the file; the complete rows before it were kept"
        ),
        Case(
            name: "malformed tuple", text: "INSERT INTO `t` VALUES (1,'a'),(2 'b'),(3,'c');\nINSERT INTO `t` VALUES (4,'d');\n",
            rows: [["1", "a"], ["4", "d"]], kind: "malformed-statement", at: "'b'",
            message: "malformed statement: expected ',' or ')' after a value in a row of VALUES; skipped to the end of the statement"
        ),
        Case(
            name: "garbage between rows", text: "INSERT INTO `t` VALUES (1,'a') junk, (2,'x;y');\nINSERT INTO `t` VALUES (4,'d');\n",
            rows: [["1", "a"], ["4", "d"]], kind: "malformed-statement", at: "junk",
            message: "malformed statement: expected ',' or ';' after a row of VALUES; skipped to the end of the statement"
        ),
        Case(
            name: "not a value", text: "INSERT INTO `t` VALUES (1,'a'),(2,@v);\nINSERT INTO `t` VALUES (4,'d');\n",
            rows: [["1", "a"], ["4", "d"]], kind: "malformed-statement", at: "@v",
            message: "malformed statement: expected a value (a quoted string, a number, NULL or a hex literal); skipped to the end of the statement"
        ),
        Case(
            name: "copy cut mid-row", text: "-- PostgreSQL database dump\nCOPY public.t (a, b) FROM stdin;\n1\tx\n2\tpart",
            rows: [["1", "x"]], kind: "truncated-statement", at: "2\tpart",
            message: "statement cut short: expected the rest of the COPY row, its line end and '\\.' ending the COPY data before the end of the file; the complete rows before it were kept"
        ),
        Case(
            name: "copy without its end marker", text: "-- PostgreSQL database dump\nCOPY public.t (a, b) FROM stdin;\n1\tx\n2\ty\n",
            rows: [["1", "x"], ["2", "y"]], kind: "truncated-statement", at: "END",
            message: "statement cut short: expected '\\.' ending the COPY data before the end of the file; the complete rows before it were kept"
        ),
        Case(
            name: "pg insert unterminated", text: "-- PostgreSQL database dump\nINSERT INTO public.t VALUES (1, 'a');\nINSERT INTO public.t VALUES (2, 'it''s open);\n",
            rows: [["1", "a"]], kind: "truncated-statement", at: "(2,",
            message: "statement cut short: expected a closing quote (') of the string literal before the end of the file; the complete rows before it were kept"
        ),
        Case(
            name: "statement never ended", text: "INSERT INTO `t` VALUES (1);\nDROP TABLE IF EXISTS `t`",
            rows: [["1"]], kind: "truncated-statement", at: "DROP",
            message: "statement cut short: expected ';' ending the statement before the end of the file; the complete rows before it were kept"
        ),
    ]

    @Test(arguments: SQLDamageTests.cases)
    func damageIsAWarningWithLineOffsetAndWhatWasExpected(c: Case) throws {
        let (rows, reader) = try readSQL(c.text)
        #expect(rows.map(\.text) == c.rows)
        #expect(reader.warnings.total == 1)
        #expect(reader.warnings.byKind[c.kind] == 1)
        let warning = try #require(reader.warnings.examples.first)
        let at = c.at == "END" ? c.text.utf8.count : offset(of: c.at, in: c.text, after: c.after)
        #expect(warning.byteOffset == at)
        #expect(warning.line == 1 + c.text.utf8.prefix(at).filter { $0 == 0x0A }.count)
        #expect(warning.message == c.message)
        #expect(reader.bytesConsumed == c.text.utf8.count)
    }

    @Test(arguments: [16, 1 << 16])
    func overlongRowIsSkippedAndTheRestRead(chunk: Int) throws {
        let long = String(repeating: "x", count: 300)
        let text = "INSERT INTO `t` VALUES (1,'a'),(2,'\(long)'),(3,'c');\nINSERT INTO `t` VALUES (4,'d');\n"
        let (rows, reader) = try readSQL(text, options: ReaderOptions(chunkBytes: chunk, maxRecordBytes: 100))
        #expect(rows.map(\.text) == [["1", "a"], ["3", "c"], ["4", "d"]])
        #expect(reader.warnings.total == 1)
        let warning = try #require(reader.warnings.examples.first)
        #expect(warning.kind == "record-too-long")
        #expect(warning.message == "row longer than 100 bytes (--max-record-bytes); skipped")
        #expect(warning.byteOffset == offset(of: "(2,", in: text))
    }

    @Test(arguments: [16, 1 << 16])
    func overlongCopyLineIsSkipped(chunk: Int) throws {
        let long = String(repeating: "y", count: 300)
        let text = "-- PostgreSQL database dump\nCOPY t (a, b) FROM stdin;\n1\ta\n2\t\(long)\n3\tc\n\\.\n"
        let (rows, reader) = try readSQL(text, options: ReaderOptions(chunkBytes: chunk, maxRecordBytes: 100))
        #expect(rows.map(\.text) == [["1", "a"], ["3", "c"]])
        #expect(reader.warnings.byKind["record-too-long"] == 1)
        #expect(reader.warnings.examples.first?.line == 4)
        #expect(reader.warnings.examples.first?.byteOffset == offset(of: "2\t", in: text))
    }

    @Test func overlongStatementIsSkippedToItsEnd() throws {
        // Longer than the 64 KiB read first, so that it cannot be read whole.
        let long = String(repeating: "c int, ", count: 12_000)
        let text = "CREATE TABLE `t` (\(long) d int);\nINSERT INTO `t` VALUES (1);\n"
        let (rows, reader) = try readSQL(text, options: ReaderOptions(chunkBytes: 16, maxRecordBytes: 100))
        #expect(rows.map(\.text) == [["1"]])
        #expect(reader.warnings.examples.map(\.message) == ["statement longer than 100 bytes (--max-record-bytes); skipped to its end"])
        #expect(reader.warnings.examples.first?.byteOffset == 0)
    }
}

/// Found by FuzzSQL: a statement word whose decoded text is longer than its bytes (invalid UTF-8
/// becomes U+FFFD) must not move the reported offset before the buffer.
@Test func malformedWordWithInvalidUTF8ReportsItsOwnOffset() throws {
    let bytes = Array("INSERT INTO t ".utf8) + [UInt8](repeating: 0xFF, count: 32) + Array(" ;\n".utf8)
    let path = temporaryFile(bytes)
    let (_, _, reader) = try readAll(path, options: ReaderOptions(format: .mysqldump))
    let warning = try #require(reader.warnings.examples.first { $0.kind == "malformed-statement" })
    #expect(warning.byteOffset == 14)
    #expect(warning.line == 1)
}

/// A pg_dump without its banner is known by a `COPY ... FROM stdin;` line, in any case.
@Suite struct SQLSniffingTests {
    @Test(arguments: [
        ("COPY public.t (a, b) FROM stdin;\n1\t2\n\\.\n", DumpFormat?.some(.pgdump)),
        ("-- a comment\ncopy t (a) from stdin;\n1\n\\.\n", .pgdump),
        ("name,note\nx,\"Copy t FROM STDIN;\"\n", nil),
        ("COPYRIGHT,year\nACME,2020\n", nil),
        ("COPY t (a) TO stdout;\n", nil),
        ("note\ncopy t FROM STDIN;\n", .pgdump),
        ("CREATE TABLE t (a int);\n", .mysqldump),
        ("ic,hp\n900101-14-5678,0123456789\n", nil),
    ])
    func copyLinesMakeAPostgresDump(text: String, expected: DumpFormat?) {
        #expect(FormatSniffer.sniffSQL(ArraySlice(Array(text.utf8))) == expected)
    }
}

/// The sniffer's byte search agrees with a plain substring search, at every place a pattern can
/// sit (start, end, overlapping false starts) and in a slice that does not start at index 0.
@Test func sniffersByteSearchFindsWhatStringSearchFinds() {
    let patterns = ["-- MySQL dump", "/*!40101 SET", "aab", "a"]
    let texts = ["", "a", "aaab", "xx-- MySQL dum", "-- MySQL dump", "pre -- MySQL dump", "/*!40101 SE/*!40101 SET x", "ab", "aabaab", "é-- MySQL dumpé"]
    for text in texts {
        let bytes = Array(("##" + text).utf8)
        let slice = bytes[2...]
        for pattern in patterns {
            // The reference: every start position, compared byte by byte.
            let t = Array(text.utf8), p = Array(pattern.utf8)
            let expected = t.count >= p.count && (0 ... t.count - p.count).contains { Array(t[$0 ..< $0 + p.count]) == p }
            #expect(FormatSniffer.contains(slice, pattern) == expected, "\(pattern) in \(text)")
        }
    }
}
