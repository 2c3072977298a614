import LeakTraceCore

/// A detector's answer for a cell in a common plain shape, in a column typed for it, as the few
/// numbers a scan counts: no `Detection`, no canonical `String`, no notes array.
///
/// A scan reads millions of cells that are the canonical form or close to it (`850101145679`,
/// `850101-14-5679`, `502161997892175`, `012-345 6789`); building a `Detection` for each (a
/// string, a facts value, a notes array, then copying and dropping them) cost more than the
/// checks themselves. The `quick` functions next to each detector answer those cells, and answer
/// `nil` for anything else (repairs, foreign numbers, look-alikes, other spellings), which then
/// goes to the detector.
///
/// Whatever a `quick` function answers is what its detector answers for the same cell and
/// context (`QuickAnswerTests` holds them to that over tables and random cells): the same type
/// and verdict, the canonical form `canonical(of:)`, and the facts below.
package struct QuickAnswer: Sendable {
    // Every field is a byte or two: the answer (16 bytes) comes back from a `quick` function in
    // registers. A larger one was returned through memory written field by field and read back
    // whole, which stalled the scan loop on every cell.
    package var type: IdentifierType
    package var verdict: Verdict
    /// CONTEXT with the note `placeholder` (seller padding such as `000000-00-0000`).
    package var placeholder = false
    package var gender: Gender?
    package var bornAbroad: Bool?
    /// `stateCode` as 1 + its number (`01` is 2); 0 when the detector gives none.
    package var stateCode: UInt8 = 0
    /// `DerivedFacts.operatorTableNumber` (0: none).
    package var operatorNumber: UInt8 = 0
    /// The birth date's parts (year 0: none).
    private var birthYear: Int16 = 0
    private var birthMonth: UInt8 = 0
    private var birthDay: UInt8 = 0
    /// The canonical form when it is not the cell's bytes: `+60` (with `plus60`), then the
    /// cell's digits after the first `cellStart` of them (with `digitsOnly`) or the cell's bytes
    /// from `cellStart`; for an email with a capital letter, the cell lower-cased (`lowercased`).
    var plus60 = false
    var digitsOnly = false
    var cellStart: UInt8 = 0
    var lowercased = false

    init(_ type: IdentifierType, _ verdict: Verdict) {
        self.type = type
        self.verdict = verdict
    }

    package var birthDate: CivilDate? {
        // The parts come from a `CivilDate` (the setter), so they are a real day.
        get { birthYear == 0 ? nil : CivilDate(validated: Int(birthYear), month: Int(birthMonth), day: Int(birthDay)) }
        set {
            birthYear = Int16(truncatingIfNeeded: newValue?.year ?? 0)
            birthMonth = UInt8(truncatingIfNeeded: newValue?.month ?? 0)
            birthDay = UInt8(truncatingIfNeeded: newValue?.day ?? 0)
        }
    }

    /// Runs `body` on the canonical form's bytes for `cell` (the cell itself, or built on the
    /// stack) and returns its hash: the scan hashes them without making a `String`.
    package func withCanonical(_ cell: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> UInt64) -> UInt64 {
        guard lowercased || digitsOnly || plus60 else { return body(cell) }
        let room = 3 + cell.count
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { buffer in
            body(canonicalBytes(cell, scratch: buffer.baseAddress!, room: room)!)
        }
    }

    /// The canonical form's bytes for `cell`: the cell itself, or built in `scratch`, or nil when
    /// that needs more than `room` bytes (at most 3 more than the cell). What `withCanonical`
    /// runs its body on, without the closure (a call through a closure from the scan's module
    /// was an indirect branch per identifier).
    package func canonicalBytes(_ cell: UnsafeBufferPointer<UInt8>, scratch buffer: UnsafeMutablePointer<UInt8>, room: Int) -> UnsafeBufferPointer<UInt8>? {
        guard lowercased || digitsOnly || plus60 else { return cell }
        guard cell.count + 3 <= room else { return nil }
        if lowercased {
            for (i, byte) in cell.enumerated() { buffer[i] = CellBytes.lowercased(byte) }
            return UnsafeBufferPointer(start: buffer, count: cell.count)
        }
        var count = 0
        if plus60 {
            buffer[0] = UInt8(ascii: "+")
            buffer[1] = UInt8(ascii: "6")
            buffer[2] = UInt8(ascii: "0")
            count = 3
        }
        if digitsOnly {
            var skip = Int(cellStart)
            for byte in cell where CellNormalizer.isDigit(byte) {
                if skip > 0 {
                    skip -= 1
                } else {
                    buffer[count] = byte
                    count += 1
                }
            }
        } else if let from = cell.baseAddress, Int(cellStart) < cell.count {
            let n = cell.count - Int(cellStart)
            (buffer + count).update(from: from + Int(cellStart), count: n)
            count += n
        }
        return UnsafeBufferPointer(start: buffer, count: count)
    }

    /// The canonical form for `cell` as a string (tests).
    package func canonical(of cell: UnsafeBufferPointer<UInt8>) -> String? {
        guard verdict.isValid else { return nil }
        var bytes: [UInt8] = []
        _ = withCanonical(cell) { canonical in
            bytes = Array(canonical)
            return 0
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Whether `cell` is 1 to 24 ASCII digits and nothing else (24: `DigitBuffer`'s capacity).
    @inline(__always)
    static func isPlainDigits(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cell.count > 0, cell.count <= DigitBuffer.capacity, let base = cell.baseAddress else { return false }
        let n = cell.count
        let raw = UnsafeRawPointer(base)
        var i = 0
        // Eight bytes at a time: each high nibble 3, and each low nibble at most 9 (adding 6
        // then carries into no high nibble).
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            guard w & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030,
                  (w &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0 == 0x3030_3030_3030_3030 else { return false }
            i += 8
        }
        while i < n {
            guard CellNormalizer.isDigit(base[i]) else { return false }
            i += 1
        }
        return true
    }

    @inline(__always)
    static func value(_ cell: UnsafeBufferPointer<UInt8>, _ start: Int, _ length: Int) -> Int {
        var result = 0
        for i in start ..< start + length { result = result &* 10 &+ Int(cell[i] &- 48) }
        return result
    }
}

extension MyKad {
    /// `detect`'s answer for 12 plain digits or `YYMMDD-PB-###G` in a MyKad column (see
    /// `QuickAnswer`).
    package static func quick(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> QuickAnswer? {
        guard context.columnType == .mykad else { return nil }
        var digits = DigitBuffer()
        if cell.count == 12, QuickAnswer.isPlainDigits(cell) {
            digits = DigitBuffer(plain: cell)
        } else if cell.count == 14, cell[6] == UInt8(ascii: "-"), cell[9] == UInt8(ascii: "-") {
            for (i, byte) in cell.enumerated() where i != 6 && i != 9 {
                guard CellNormalizer.isDigit(byte) else { return nil }
                digits.append(byte)
            }
        } else {
            return nil
        }
        // `structure`, from a table of plain values (an entry of `PlaceOfBirth` copies strings).
        let place = QuickPlaces.table[digits.value(6, 2)]
        guard place.exists, let date = birthDate(
            yy: digits.value(0, 2), mm: digits.value(2, 2), dd: digits.value(4, 2), referenceYear: context.referenceDate.year
        ) else { return QuickAnswer(.mykad, .invalid) }
        if isPlaceholder(digits) {
            var answer = QuickAnswer(.mykad, .context)
            answer.placeholder = true
            return answer
        }
        var answer = QuickAnswer(.mykad, .valid)
        answer.birthDate = date
        answer.gender = (digits[11] &- 48) % 2 == 1 ? .male : .female
        answer.bornAbroad = place.bornAbroad
        answer.stateCode = place.stateCode
        answer.digitsOnly = cell.count != 12
        return answer
    }
}

/// `PlaceOfBirth`'s table as plain values: looking up an entry copies no strings.
enum QuickPlaces {
    struct Place {
        var exists = false
        var bornAbroad = false
        var stateCode: UInt8 = 0
    }

    static let table: [Place] = (0 ..< 100).map { code in
        guard let entry = PlaceOfBirth.lookup(code) else { return Place() }
        return Place(exists: true, bornAbroad: entry.bornAbroad, stateCode: entry.stateNumber.map { UInt8($0 + 1) } ?? 0)
    }
}

extension IMSI {
    /// `detect`'s answer for plain digits in an IMSI column (see `QuickAnswer`); `nil` for a
    /// foreign MCC (its country code is a string fact).
    package static func quick(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> QuickAnswer? {
        guard context.columnType == .imsi, QuickAnswer.isPlainDigits(cell) else { return nil }
        guard cell.count == 14 || cell.count == 15 else { return QuickAnswer(.imsi, .invalid) }
        let mcc = QuickAnswer.value(cell, 0, 3)
        guard mcc == 502 else {
            return MobileNetworkCodes.isKnownMCC(mcc) ? nil : QuickAnswer(.imsi, .invalid)
        }
        let two = QuickAnswer.value(cell, 3, 2)
        let number = two == 15 ? QuickAnswer.value(cell, 3, 3) : two
        guard MobileNetworkCodes.lookupMalaysia(number: number, length: two == 15 ? 3 : 2) != nil else {
            return QuickAnswer(.imsi, .context)
        }
        var answer = QuickAnswer(.imsi, .valid)
        answer.operatorNumber = MobileNetworkCodes.operatorNumbers[number]
        return answer
    }
}

extension ICCID {
    /// `detect`'s answer for plain digits in an ICCID column (see `QuickAnswer`); `nil` for an
    /// 18- or 19-digit number failing Luhn (repaired with a computed check digit).
    package static func quick(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> QuickAnswer? {
        guard context.columnType == .iccid, QuickAnswer.isPlainDigits(cell) else { return nil }
        guard cell.count >= 18, cell.count <= 20, cell[0] == UInt8(ascii: "8"), cell[1] == UInt8(ascii: "9") else {
            return QuickAnswer(.iccid, .invalid)
        }
        if Luhn.isValid(plainDigits: cell) { return QuickAnswer(.iccid, .valid) }
        return cell.count <= 19 ? nil : QuickAnswer(.iccid, .context)
    }
}

extension IMEI {
    /// `detect`'s answer for plain digits in an IMEI column (see `QuickAnswer`); `nil` for 14
    /// digits (repaired with a computed check digit).
    package static func quick(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> QuickAnswer? {
        guard context.columnType == .imei, QuickAnswer.isPlainDigits(cell) else { return nil }
        guard cell.count >= 14, cell.count <= 16 else { return QuickAnswer(.imei, .invalid) }
        if QuickAnswer.value(cell, 0, 8) == 0 { return QuickAnswer(.imei, .context) }
        switch cell.count {
        case 15: return QuickAnswer(.imei, Luhn.isValid(plainDigits: cell) ? .valid : .invalid)
        case 16: return QuickAnswer(.imei, .valid)
        default: return nil
        }
    }
}

extension Phone {
    /// `detect`'s answer, in a phone column, for a number written with digits, spaces, hyphens
    /// and parentheses, perhaps after a leading `+` (`0123456789`, `012-345 6789`,
    /// `(03) 2385 6789`, `+60 12-345 6789`, `60123456789`), when it reads as a Malaysian number
    /// with no repair (see `QuickAnswer`); `nil` for everything else (extensions, several
    /// numbers, foreign and cross-border numbers, a trunk zero after `+60`, truncated MSISDNs).
    package static func quick(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> QuickAnswer? {
        guard context.columnType == .phoneMobile || context.columnType == .phoneFixed, !cell.isEmpty else { return nil }
        if QuickAnswer.isPlainDigits(cell) {
            // The common spelling: the digits are the cell, and the NSN a slice of it.
            guard var answer = quick(digits: cell, plus: false) else { return nil }
            answer.plus60 = answer.verdict.isValid
            return answer
        }
        // `detect` finds the `+` looking back from the first digit over spaces and `(`; a `+`
        // right before a digit is the one shape where that is certain.
        let plus = cell[0] == UInt8(ascii: "+")
        if plus, cell.count < 2 || !CellNormalizer.isDigit(cell[1]) { return nil }
        var digits = DigitBuffer()
        for byte in UnsafeBufferPointer(rebasing: cell[(plus ? 1 : 0)...]) {
            if CellNormalizer.isDigit(byte) {
                digits.append(byte)
            } else if !(byte == 0x20 || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: ")")) {
                return nil
            }
        }
        guard !digits.overflowed, var answer = digits.withDigits(nil, { quick(digits: $0, plus: plus) }) else { return nil }
        if answer.verdict.isValid {
            // `+60`, then the cell's digits from the NSN on (`cellStart` of them skipped).
            answer.digitsOnly = true
            answer.plus60 = true
        }
        return answer
    }

    /// The reading of a number's digits (`detect`'s `read` and `detection` for the cases
    /// `quick` takes); a valid answer's `cellStart` is where the NSN starts in `d`.
    private static func quick(digits d: UnsafeBufferPointer<UInt8>, plus: Bool) -> QuickAnswer? {
        let n = d.count
        guard n >= 2 else { return nil }
        let nsnStart: Int
        if plus {
            // `+60`, and no trunk zero after it (a repair); any other country code is foreign.
            guard d[0] == UInt8(ascii: "6"), d[1] == UInt8(ascii: "0"), n > 2, d[2] != UInt8(ascii: "0") else { return nil }
            nsnStart = 2
        } else if d[0] == UInt8(ascii: "6"), d[1] == UInt8(ascii: "0"), n >= 11, n <= 12 {
            nsnStart = 2
        } else if d[0] == UInt8(ascii: "0"), d[1] != UInt8(ascii: "0") {
            if n == 10, d[1] == UInt8(ascii: "2"), d[2] == UInt8(ascii: "6") || d[2] == UInt8(ascii: "8") || d[2] == UInt8(ascii: "9") { return nil }
            if n == 10, d[1] == UInt8(ascii: "8"), d[2] == UInt8(ascii: "0") { return nil }
            nsnStart = 1
        } else {
            return nil
        }
        let nsn = UnsafeBufferPointer(rebasing: d[nsnStart...])
        var answer: QuickAnswer
        switch PhoneMetadata.kind(ofNSN: nsn) {
        case nil:
            return QuickAnswer(.phoneMobile, .invalid)
        case .mobile:
            answer = QuickAnswer(.phoneMobile, .valid)
            if let i = PhoneMetadata.originalOperatorIndex(nsn: nsn) { answer.operatorNumber = FactTables.phoneOperatorNumber(i) }
        case .voip:
            answer = QuickAnswer(.phoneMobile, .valid)
        case .fixed:
            answer = QuickAnswer(.phoneFixed, .valid)
            if let state = PhoneMetadata.stateNumber(fixedNSN: nsn) { answer.stateCode = UInt8(state + 1) }
        case .tollFree, .premium:
            return QuickAnswer(.phoneFixed, .notPII)
        }
        answer.cellStart = UInt8(nsnStart)
        return answer
    }
}

extension Email {
    /// `detect`'s answer for a cell in an email column (see `QuickAnswer`): every cell is
    /// answered, its canonical form the cell lower-cased.
    package static func quick(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> QuickAnswer? {
        guard context.columnType == .email else { return nil }
        guard let range = validRange(cell) else { return QuickAnswer(.email, .invalid) }
        // The scan hands over trimmed cells; a range short of the cell is left to `detect`.
        guard range.count == cell.count else { return nil }
        var answer = QuickAnswer(.email, .valid)
        answer.lowercased = hasCapital(cell)
        return answer
    }

    /// Whether an ASCII cell (a valid address is one) has a letter `A`-`Z`, eight bytes at a
    /// time: for a byte below 0x80, adding 0x3F sets its high bit from `A` (0x41) on, and adding
    /// 0x25 from past `Z` (0x5B) on; neither carries into the next byte.
    @inline(__always)
    static func hasCapital(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = cell.baseAddress else { return false }
        let n = cell.count
        guard n >= 8 else { return cell.contains { $0 &- UInt8(ascii: "A") < 26 } }
        let raw = UnsafeRawPointer(base)
        @inline(__always) func capitals(_ w: UInt64) -> UInt64 {
            (w &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(w &+ 0x2525_2525_2525_2525) & 0x8080_8080_8080_8080
        }
        var i = 0
        while i + 8 <= n {
            if capitals(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) != 0 { return true }
            i += 8
        }
        // The last eight bytes, overlapping the words already read.
        return i < n && capitals(raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) != 0
    }
}
