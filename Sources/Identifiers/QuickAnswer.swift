import LeakTraceCore

/// A detector's answer for a cell of plain ASCII digits in a column typed for it, as the few
/// numbers a scan counts: no `Detection`, no canonical `String`, no notes array.
///
/// A scan reads millions of cells that are exactly the canonical form (`850101145679`,
/// `502161997892175`, `60143421936`); building a `Detection` for each (a string, a facts value,
/// a notes array, then copying and dropping them) cost more than the checks themselves. The
/// `quick` functions next to each detector answer those cells, and answer `nil` for anything
/// else (separators, repairs, foreign numbers, look-alikes), which then goes to the detector.
///
/// Whatever a `quick` function answers is what its detector answers for the same cell and
/// context (`QuickAnswerTests` holds them to that over tables and random cells): the same type
/// and verdict, the canonical form `canonical(of:)`, and the facts below.
package struct QuickAnswer: Sendable, Equatable {
    package var type: IdentifierType
    package var verdict: Verdict
    /// CONTEXT with the note `placeholder` (seller padding such as `000000-00-0000`).
    package var placeholder = false
    /// Where the canonical form starts in the cell; with `plus60`, it is `+60` and the cell's
    /// digits from there (a Malaysian phone's NSN).
    package var canonicalStart = 0
    package var plus60 = false
    package var birthDate: CivilDate?
    package var gender: Gender?
    package var bornAbroad: Bool?
    /// `stateCode` as 1 + its number (`01` is 2); 0 when the detector gives none.
    package var stateCode: UInt8 = 0
    /// `DerivedFacts.operatorTableNumber` (0: none).
    package var operatorNumber: UInt8 = 0

    init(_ type: IdentifierType, _ verdict: Verdict) {
        self.type = type
        self.verdict = verdict
    }

    /// The canonical form's bytes for `cell` (tests and examples; the scan hashes them in place).
    package func canonical(of cell: UnsafeBufferPointer<UInt8>) -> String? {
        guard verdict.isValid else { return nil }
        let digits = String(decoding: UnsafeBufferPointer(rebasing: cell[canonicalStart...]), as: UTF8.self)
        return plus60 ? "+60" + digits : digits
    }

    /// Whether `cell` is 1 to 24 ASCII digits and nothing else (24: `DigitBuffer`'s capacity).
    @inline(__always)
    static func isPlainDigits(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        guard cell.count > 0, cell.count <= DigitBuffer.capacity else { return false }
        for byte in cell where !CellNormalizer.isDigit(byte) { return false }
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
    /// `detect`'s answer for 12 plain digits in a MyKad column (see `QuickAnswer`).
    package static func quick(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> QuickAnswer? {
        guard context.columnType == .mykad, cell.count == 12, QuickAnswer.isPlainDigits(cell) else { return nil }
        let place = QuickPlaces.table[QuickAnswer.value(cell, 6, 2)]
        guard place.exists, let date = birthDate(
            yy: QuickAnswer.value(cell, 0, 2), mm: QuickAnswer.value(cell, 2, 2), dd: QuickAnswer.value(cell, 4, 2),
            referenceYear: context.referenceDate.year
        ) else { return QuickAnswer(.mykad, .invalid) }
        if isQuickPlaceholder(cell) {
            var answer = QuickAnswer(.mykad, .context)
            answer.placeholder = true
            return answer
        }
        var answer = QuickAnswer(.mykad, .valid)
        answer.birthDate = date
        answer.gender = (cell[11] &- 48) % 2 == 1 ? .male : .female
        answer.bornAbroad = place.bornAbroad
        answer.stateCode = place.stateCode
        return answer
    }

    /// `isPlaceholder` on the cell's bytes.
    private static func isQuickPlaceholder(_ cell: UnsafeBufferPointer<UInt8>) -> Bool {
        if !cell.contains(where: { $0 != cell[0] }) { return true }
        if QuickAnswer.value(cell, 8, 4) == 0 { return true }
        return QuickAnswer.value(cell, 6, 6) == 123_456
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
        if Luhn.isValid(cell) { return QuickAnswer(.iccid, .valid) }
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
        case 15: return QuickAnswer(.imei, Luhn.isValid(cell) ? .valid : .invalid)
        case 16: return QuickAnswer(.imei, .valid)
        default: return nil
        }
    }
}

extension Phone {
    /// `detect`'s answer for plain digits in a phone column written `60…` (10 digits excluded:
    /// a truncated MSISDN) or `0…` (not `00`, and not the `02`/`080` cross-border forms), see
    /// `QuickAnswer`; `nil` for everything else.
    package static func quick(_ cell: UnsafeBufferPointer<UInt8>, context: CellContext) -> QuickAnswer? {
        guard context.columnType == .phoneMobile || context.columnType == .phoneFixed, QuickAnswer.isPlainDigits(cell) else { return nil }
        let n = cell.count
        let nsnStart: Int
        if cell[0] == UInt8(ascii: "6"), n >= 11, n <= 12, cell[1] == UInt8(ascii: "0") {
            nsnStart = 2
        } else if cell[0] == UInt8(ascii: "0"), n >= 2, cell[1] != UInt8(ascii: "0") {
            if n == 10, cell[1] == UInt8(ascii: "2"), cell[2] == UInt8(ascii: "6") || cell[2] == UInt8(ascii: "8") || cell[2] == UInt8(ascii: "9") { return nil }
            if n == 10, cell[1] == UInt8(ascii: "8"), cell[2] == UInt8(ascii: "0") { return nil }
            nsnStart = 1
        } else {
            return nil
        }
        let nsn = UnsafeBufferPointer(rebasing: cell[nsnStart...])
        guard let kind = PhoneMetadata.kind(ofNSN: nsn) else { return QuickAnswer(.phoneMobile, .invalid) }
        var answer: QuickAnswer
        switch kind {
        case .mobile:
            answer = QuickAnswer(.phoneMobile, .valid)
            if let i = PhoneMetadata.originalOperatorIndex(nsn: nsn) { answer.operatorNumber = FactTables.phoneOperatorNumbers[i] }
        case .voip:
            answer = QuickAnswer(.phoneMobile, .valid)
        case .fixed:
            answer = QuickAnswer(.phoneFixed, .valid)
            if let state = PhoneMetadata.stateNumber(fixedNSN: nsn) { answer.stateCode = UInt8(state + 1) }
        case .tollFree, .premium:
            return QuickAnswer(.phoneFixed, .notPII)
        }
        answer.canonicalStart = nsnStart
        answer.plus60 = true
        return answer
    }
}
