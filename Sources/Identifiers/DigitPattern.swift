import Synchronization

/// A tiny compiled matcher for the digit-only regex subset of spec §4.4 and §4.5.
///
/// `NSRegularExpression` costs microseconds per call and allocates; the scanner validates phone
/// numbers millions of times, so the pinned libphonenumber patterns are compiled once into a small
/// backtracking program instead. Supported syntax: digit literals, `\d` (ASCII `0`-`9` only, per
/// §2.1 N3), classes such as `[0-36-9]`, non-capturing groups `(?:a|b)`, alternation, the
/// quantifiers `{n}`, `{n,m}` and `?`, and `^`/`$` anchors (matching is always a full match).
/// Any other syntax is a programmer error in a pasted pattern and traps at first use.
public struct DigitPattern: Sendable {
    /// One instruction of the backtracking program.
    fileprivate struct Instruction: Sendable {
        enum Op: UInt8, Sendable { case digit, split, jump, match }
        var op: Op
        /// Bit `d` set when digit `d` is accepted (`.digit` only).
        var mask: UInt16 = 0
        var x: Int32 = 0
        var y: Int32 = 0
    }

    fileprivate let program: [Instruction]
    /// The same pattern as a DFA, what `matches` runs (a few ns, no backtracking), built at the
    /// first `matches`: a scan reads the phone patterns through `PhoneMetadata.classifier`
    /// alone, and building the six patterns' own automata cost it 23M instructions.
    private let automaton: LazyAutomaton
    /// The source text, kept for test diagnostics.
    public let source: String

    /// Compiles `pattern`.
    ///
    /// - Parameter pattern: a pattern in the supported subset. Patterns are source literals
    ///   pasted from the pinned metadata, so a syntax error traps (it is caught by the tests).
    public init(_ pattern: String) {
        var parser = Parser(bytes: Array(pattern.utf8))
        guard let tree = parser.parseAlternation(), parser.atEnd else {
            preconditionFailure("DigitPattern: unsupported syntax in a pinned pattern")
        }
        var emitter = Emitter()
        emitter.emit(tree)
        emitter.program.append(Instruction(op: .match))
        self.program = emitter.program
        self.automaton = LazyAutomaton(program: emitter.program)
        self.source = pattern
    }

    /// Whether the whole of `digits` (ASCII `0`...`9`) matches.
    public func matches(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        automaton.value.matchMask(digits) != 0
    }

    /// A pattern's automaton, built once, at first use, by whichever thread asks first.
    private final class LazyAutomaton: Sendable {
        private let program: [Instruction]
        private let built = Mutex<DigitAutomaton?>(nil)

        init(program: [Instruction]) {
            self.program = program
        }

        var value: DigitAutomaton {
            built.withLock { built in
                if let automaton = built { return automaton }
                let automaton = DigitAutomaton(programs: [program], minimize: true)
                built = automaton
                return automaton
            }
        }
    }

    /// Whether the whole of `digits` matches, by the original backtracking program: the reference
    /// the automaton is tested against.
    package func matchesByBacktracking(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        program.withUnsafeBufferPointer { code in
            Self.run(code, pc: 0, input: digits, at: 0)
        }
    }

    /// Whether the whole string matches (convenience for tests and slow paths).
    public func matches(_ digits: String) -> Bool {
        var copy = digits
        return copy.withUTF8 { matches($0) }
    }

    /// Recursive backtracking (Cox's "re1" backtrack); patterns have no loops, so it terminates.
    private static func run(_ code: UnsafeBufferPointer<Instruction>, pc start: Int, input: UnsafeBufferPointer<UInt8>, at position: Int) -> Bool {
        var pc = start
        var sp = position
        while true {
            let inst = code[pc]
            switch inst.op {
            case .digit:
                guard sp < input.count else { return false }
                let value = Int(input[sp]) &- 48
                guard value >= 0, value <= 9, inst.mask & (1 << UInt16(value)) != 0 else { return false }
                sp += 1
                pc += 1
            case .jump:
                pc = Int(inst.x)
            case .split:
                if run(code, pc: Int(inst.x), input: input, at: sp) { return true }
                pc = Int(inst.y)
            case .match:
                return sp == input.count
            }
        }
    }

    // MARK: - Parsing

    private indirect enum Node {
        case digits(UInt16)
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, min: Int, max: Int)
    }

    private struct Parser {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func parseAlternation() -> Node? {
            var branches: [Node] = []
            guard let first = parseSequence() else { return nil }
            branches.append(first)
            while peek() == UInt8(ascii: "|") {
                index += 1
                guard let next = parseSequence() else { return nil }
                branches.append(next)
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func parseSequence() -> Node? {
            var items: [Node] = []
            while let byte = peek(), byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                if byte == UInt8(ascii: "^") || byte == UInt8(ascii: "$") {
                    index += 1
                    continue
                }
                guard let atom = parseAtom() else { return nil }
                guard let quantified = parseQuantifier(atom) else { return nil }
                items.append(quantified)
            }
            return items.count == 1 ? items[0] : .sequence(items)
        }

        mutating func parseAtom() -> Node? {
            guard let byte = peek() else { return nil }
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                index += 1
                return .digits(1 << UInt16(byte - 48))
            case UInt8(ascii: "\\"):
                index += 1
                guard peek() == UInt8(ascii: "d") else { return nil }
                index += 1
                return .digits(0x3FF)
            case UInt8(ascii: "["):
                index += 1
                var mask: UInt16 = 0
                while let c = peek(), c != UInt8(ascii: "]") {
                    guard (48...57).contains(c) else { return nil }
                    index += 1
                    var high = c
                    if peek() == UInt8(ascii: "-") {
                        index += 1
                        guard let h = peek(), (48...57).contains(h), h >= c else { return nil }
                        index += 1
                        high = h
                    }
                    for d in c...high { mask |= 1 << UInt16(d - 48) }
                }
                guard peek() == UInt8(ascii: "]"), mask != 0 else { return nil }
                index += 1
                return .digits(mask)
            case UInt8(ascii: "("):
                index += 1
                guard peek() == UInt8(ascii: "?") else { return nil }
                index += 1
                guard peek() == UInt8(ascii: ":") else { return nil }
                index += 1
                guard let inner = parseAlternation(), peek() == UInt8(ascii: ")") else { return nil }
                index += 1
                return inner
            default:
                return nil
            }
        }

        mutating func parseNumber() -> Int? {
            var value: Int?
            while let c = peek(), (48...57).contains(c) {
                value = (value ?? 0) * 10 + Int(c - 48)
                index += 1
            }
            return value
        }

        mutating func parseQuantifier(_ atom: Node) -> Node? {
            switch peek() {
            case UInt8(ascii: "?"):
                index += 1
                return .repeated(atom, min: 0, max: 1)
            case UInt8(ascii: "{"):
                index += 1
                guard let low = parseNumber() else { return nil }
                var high = low
                if peek() == UInt8(ascii: ",") {
                    index += 1
                    guard let h = parseNumber(), h >= low else { return nil }
                    high = h
                }
                guard peek() == UInt8(ascii: "}") else { return nil }
                index += 1
                return .repeated(atom, min: low, max: high)
            default:
                return atom
            }
        }
    }

    // MARK: - Code generation

    private struct Emitter {
        var program: [Instruction] = []

        mutating func emit(_ node: Node) {
            switch node {
            case .digits(let mask):
                program.append(Instruction(op: .digit, mask: mask))
            case .sequence(let items):
                for item in items { emit(item) }
            case .alternation(let branches):
                // split L1, next; L1: branch; jump end; next: split ...
                var jumps: [Int] = []
                for (offset, branch) in branches.enumerated() {
                    if offset == branches.count - 1 {
                        emit(branch)
                    } else {
                        let split = program.count
                        program.append(Instruction(op: .split))
                        program[split].x = Int32(program.count)
                        emit(branch)
                        jumps.append(program.count)
                        program.append(Instruction(op: .jump))
                        program[split].y = Int32(program.count)
                    }
                }
                for jump in jumps { program[jump].x = Int32(program.count) }
            case .repeated(let inner, let min, let max):
                for _ in 0..<min { emit(inner) }
                // Greedy optional copies: each may be skipped, which skips the rest too.
                var splits: [Int] = []
                for _ in min..<max {
                    let split = program.count
                    program.append(Instruction(op: .split))
                    program[split].x = Int32(program.count)
                    emit(inner)
                    splits.append(split)
                }
                for split in splits { program[split].y = Int32(program.count) }
            }
        }
    }
}

// MARK: - Deterministic automaton

/// Several `DigitPattern`s compiled together into one DFA over the digits `0`...`9`.
///
/// Built once by subset construction over the patterns' backtracking programs (they have no
/// loops, so the state sets are finite and small: a few hundred states for all of §4.4 and §4.5).
/// `matchMask` then reads each digit once, with no backtracking and no allocation; bit `i` of
/// its answer says whether the whole input matches pattern `i`, exactly as `matches` would.
public struct DigitAutomaton: Sendable {
    /// `transitions[state * 10 + digit]` is the next state. State 0 is the dead state (every
    /// transition loops back to it, it accepts nothing); state 1 is the start.
    package let transitions: [Int32]
    /// Per state: bit `i` set when pattern `i` matches input ending in this state.
    package let accepting: [UInt32]
    /// `transitions` two digits at a time, so a number takes half as many dependent loads; in
    /// 16 bits, so that the table (100 entries a state) stays in the L1 cache for the states a
    /// scan visits.
    private let pairs: [UInt16]
    /// States from this number on are *uniform*: each digit leads to the same next state, and so
    /// on until the dead state, as after a number's prefix, where "any N more digits" follows.
    /// From a uniform state the answer depends only on how many digits are left, so
    /// `matchMask` stops walking there (it still checks that they are digits), which takes most
    /// of a phone number's dependent table loads off its path. The states are numbered so that
    /// the uniform ones come last (the dead state, 0, and the start, 1, keep their numbers).
    private let firstUniform: Int
    /// `tailMasks[(state - firstUniform) * tailWidth + left]`: the accepting mask reached from a
    /// uniform state with `left` more digits (0 once the dead state is reached, and for
    /// `left >= tailWidth`).
    private let tailMasks: [UInt32]
    static let tailWidth = 32

    /// Compiles up to 32 patterns together.
    public init(_ patterns: [DigitPattern]) {
        self.init(programs: patterns.map(\.program), minimize: true)
    }

    /// The subset construction's states, unminimized: for the test that minimizing changes no
    /// answer.
    package init(unminimized patterns: [DigitPattern]) {
        self.init(programs: patterns.map(\.program), minimize: false)
    }

    fileprivate init(programs: [[DigitPattern.Instruction]], minimize: Bool) {
        precondition(programs.count <= 32, "DigitAutomaton: at most 32 patterns")
        // An NFA thread is (pattern, pc) packed into one Int; a DFA state is a sorted set of the
        // threads that sit on a `.digit` or `.match` instruction.
        func pack(_ pattern: Int, _ pc: Int) -> Int { pattern << 32 | pc }
        func closure(_ seeds: [Int]) -> [Int] {
            var seen = Set<Int>()
            var kept = Set<Int>()
            var stack = seeds
            while let thread = stack.popLast() {
                guard seen.insert(thread).inserted else { continue }
                let pattern = thread >> 32
                let pc = thread & 0xFFFF_FFFF
                let inst = programs[pattern][pc]
                switch inst.op {
                case .digit, .match: kept.insert(thread)
                case .jump: stack.append(pack(pattern, Int(inst.x)))
                case .split:
                    stack.append(pack(pattern, Int(inst.x)))
                    stack.append(pack(pattern, Int(inst.y)))
                }
            }
            return kept.sorted()
        }
        var transitions = [Int32](repeating: 0, count: 20)
        var accepting: [UInt32] = [0, 0]
        var index: [[Int]: Int32] = [[]: 0]
        var sets: [[Int]] = [[]]
        let start = closure(programs.indices.map { pack($0, 0) })
        index[start] = 1
        sets.append(start)
        var next = 1
        while next < sets.count {
            let set = sets[next]
            var mask: UInt32 = 0
            for thread in set where programs[thread >> 32][thread & 0xFFFF_FFFF].op == .match {
                mask |= 1 << UInt32(thread >> 32)
            }
            accepting[next] = mask
            for digit in 0..<10 {
                var seeds: [Int] = []
                for thread in set {
                    let inst = programs[thread >> 32][thread & 0xFFFF_FFFF]
                    if inst.op == .digit, inst.mask & (1 << UInt16(digit)) != 0 { seeds.append(thread + 1) }
                }
                let target = closure(seeds)
                let id: Int32
                if let known = index[target] {
                    id = known
                } else {
                    id = Int32(sets.count)
                    index[target] = id
                    sets.append(target)
                    transitions.append(contentsOf: repeatElement(0, count: 10))
                    accepting.append(0)
                }
                transitions[next * 10 + digit] = id
            }
            next += 1
        }
        // Subset construction leaves many equivalent states (a prefix followed by "any N more
        // digits" is one chain of states per prefix); merged, the tables a scan reads shrink.
        if minimize { (transitions, accepting) = DigitAutomaton.minimized(transitions: transitions, accepting: accepting) }
        let tails = DigitAutomaton.uniformLast(transitions: transitions, accepting: accepting)
        (transitions, accepting) = (tails.transitions, tails.accepting)
        (firstUniform, tailMasks) = (tails.firstUniform, tails.masks)
        self.transitions = transitions
        self.accepting = accepting
        // Two digits per step: `pairs[state * 100 + 10 * first + second]`.
        precondition(accepting.count <= Int(UInt16.max) + 1, "DigitAutomaton: more states than a UInt16 numbers")
        var pairs = [UInt16](repeating: 0, count: accepting.count * 100)
        for state in 0 ..< accepting.count {
            for first in 0 ..< 10 {
                let middle = Int(transitions[state * 10 + first])
                for second in 0 ..< 10 { pairs[state * 100 + first * 10 + second] = UInt16(transitions[middle * 10 + second]) }
            }
        }
        self.pairs = pairs
    }

    /// The smallest DFA with the same answers (Moore's partition refinement): states are split by
    /// their accepting mask, then by the classes their digits lead to, until no class splits. The
    /// dead state stays 0 and the start state 1.
    static func minimized(transitions: [Int32], accepting: [UInt32]) -> ([Int32], [UInt32]) {
        let n = accepting.count
        var classOf = [Int](repeating: 0, count: n)
        var classCount = 0
        do {
            var ids: [UInt32: Int] = [:]
            for s in 0 ..< n {
                classOf[s] = ids[accepting[s], default: ids.count]
                ids[accepting[s]] = classOf[s]
            }
            classCount = ids.count
        }
        while true {
            var ids: [[Int]: Int] = [:]
            var next = [Int](repeating: 0, count: n)
            for s in 0 ..< n {
                var signature = [classOf[s]]
                for d in 0 ..< 10 { signature.append(classOf[Int(transitions[s * 10 + d])]) }
                next[s] = ids[signature, default: ids.count]
                ids[signature] = next[s]
            }
            classOf = next
            if ids.count == classCount { break }
            classCount = ids.count
        }
        // An automaton that accepts nothing: its start is dead; keep the tables as they are.
        guard n > 1, classOf[0] != classOf[1] else { return (transitions, accepting) }
        // Number the classes: the dead state's 0, the start's 1, the rest in order of first state.
        var number = [Int](repeating: -1, count: classCount)
        var representative: [Int] = []
        for s in [0, 1] + Array(2 ..< n) where number[classOf[s]] < 0 {
            number[classOf[s]] = representative.count
            representative.append(s)
        }
        var newTransitions = [Int32](repeating: 0, count: representative.count * 10)
        var newAccepting = [UInt32](repeating: 0, count: representative.count)
        for (c, s) in representative.enumerated() {
            newAccepting[c] = accepting[s]
            for d in 0 ..< 10 { newTransitions[c * 10 + d] = Int32(number[classOf[Int(transitions[s * 10 + d])]]) }
        }
        return (newTransitions, newAccepting)
    }

    /// The same automaton with its uniform states numbered last (see `firstUniform`), and their
    /// masks by digits left. A state is uniform when all ten digits lead to one state that is
    /// uniform, the dead state is uniform, and the chain to the dead state is shorter than
    /// `tailWidth`.
    static func uniformLast(transitions: [Int32], accepting: [UInt32]) -> (transitions: [Int32], accepting: [UInt32], firstUniform: Int, masks: [UInt32]) {
        let n = accepting.count
        let width = DigitAutomaton.tailWidth
        guard n > 2 else { return (transitions, accepting, n, []) }
        /// The one next state of `s`, or nil when digits lead to different states.
        func single(_ s: Int) -> Int? {
            let first = transitions[s * 10]
            for d in 1 ..< 10 where transitions[s * 10 + d] != first { return nil }
            return Int(first)
        }
        /// The accepting masks along the chain from `s` to the dead state, or nil.
        func chain(_ s: Int) -> [UInt32]? {
            var masks: [UInt32] = []
            var state = s
            while masks.count < width {
                if state == 0 { return masks + [UInt32](repeating: 0, count: width - masks.count) }
                masks.append(accepting[state])
                guard let next = single(state) else { return nil }
                state = next
            }
            return nil
        }
        let chains = (0 ..< n).map { $0 < 2 ? nil : chain($0) }
        let order = [0, 1] + (2 ..< n).filter { chains[$0] == nil } + (2 ..< n).filter { chains[$0] != nil }
        var number = [Int32](repeating: 0, count: n)
        for (new, old) in order.enumerated() { number[old] = Int32(new) }
        var newTransitions = [Int32](repeating: 0, count: n * 10)
        var newAccepting = [UInt32](repeating: 0, count: n)
        var masks: [UInt32] = []
        for (new, old) in order.enumerated() {
            newAccepting[new] = accepting[old]
            for d in 0 ..< 10 { newTransitions[new * 10 + d] = number[Int(transitions[old * 10 + d])] }
            if let c = chains[old] { masks.append(contentsOf: c) }
        }
        return (newTransitions, newAccepting, n - masks.count / width, masks)
    }

    /// `matchMask` one digit at a time through `transitions`, for tests: the reference.
    package func matchMaskByStepping(_ digits: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var state = 1
        for byte in digits {
            let digit = byte &- 48
            guard digit < 10 else { return 0 }
            state = Int(transitions[state * 10 + Int(digit)])
        }
        return accepting[state]
    }

    /// The states `matchMask` stops walking at (tests).
    package var uniformStateCount: Int { accepting.count - firstUniform }

    /// The number of states, dead state included (tests and diagnostics).
    public var stateCount: Int { accepting.count }

    /// Bit `i` set when the whole of `digits` matches pattern `i`; any byte other than an ASCII
    /// digit makes the answer 0.
    @inline(__always)
    public func matchMask(_ digits: UnsafeBufferPointer<UInt8>) -> UInt32 {
        pairs.withUnsafeBufferPointer { pairs in
            transitions.withUnsafeBufferPointer { table in
                tailMasks.withUnsafeBufferPointer { tails in
                    var state = 1
                    var i = 0
                    let n = digits.count
                    while true {
                        let uniform = state &- firstUniform
                        if uniform >= 0 {
                            // The rest only has to be digits; how many decides the answer.
                            for k in i ..< n where digits[k] &- 48 >= 10 { return 0 }
                            let left = n - i
                            return left < DigitAutomaton.tailWidth ? tails[uniform &* DigitAutomaton.tailWidth &+ left] : 0
                        }
                        guard i + 2 <= n else { break }
                        let first = digits[i] &- 48
                        let second = digits[i + 1] &- 48
                        guard first < 10, second < 10 else { return 0 }
                        state = Int(pairs[state &* 100 &+ Int(first) &* 10 &+ Int(second)])
                        i += 2
                    }
                    if i < n {
                        let digit = digits[i] &- 48
                        guard digit < 10 else { return 0 }
                        state = Int(table[state &* 10 &+ Int(digit)])
                    }
                    return accepting[state]
                }
            }
        }
    }
}
