/// An array of plain values (a batch's field starts, lengths or flags) whose memory a parser
/// writes through a pointer and then hands to the batch as it is.
///
/// A Swift `Array` cannot take over memory it did not allocate, and its storage may be written
/// through a pointer only inside a closure; the CSV parser writes a batch's fields over many calls,
/// and it copied them into the batch's arrays at the end: 5 % of a scan's samples, and without
/// the copy the scan takes about 2 % less CPU (the fields' pages are still written once). Copies
/// share memory until one of them grows (copy on write); dropping elements only changes `count`.
public struct FieldArray<Element: BitwiseCopyable>: RandomAccessCollection, Sendable {
    /// Memory for `capacity` elements, freed with the last array that refers to it. Only an
    /// array that holds the sole reference writes to it.
    final class Storage: @unchecked Sendable {
        let base: UnsafeMutablePointer<Element>
        let capacity: Int

        init(capacity: Int) {
            self.capacity = Swift.max(capacity, 1)
            base = .allocate(capacity: self.capacity)
        }

        deinit { base.deallocate() }
    }

    private var storage: Storage?
    public private(set) var count = 0

    public init() {}

    /// An empty array with room for `capacity` elements.
    init(capacity: Int) {
        storage = Storage(capacity: capacity)
    }

    public init<S: Sequence<Element>>(_ elements: S) {
        for element in elements { append(element) }
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public var capacity: Int { storage?.capacity ?? 0 }

    public subscript(i: Int) -> Element {
        precondition(i >= 0 && i < count, "FieldArray index out of range")
        return withExtendedLifetime(storage) { storage.unsafelyUnwrapped.base[i] }
    }

    /// Runs `body` on the elements.
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try withExtendedLifetime(storage) {
            try body(UnsafeBufferPointer(start: storage?.base, count: count))
        }
    }

    public mutating func append(_ element: Element) {
        if count == capacity || !isKnownUniquelyReferenced(&storage) { reallocate(minimum: count + 1, growing: true) }
        storage.unsafelyUnwrapped.base[count] = element
        count += 1
    }

    public mutating func append(contentsOf elements: UnsafeBufferPointer<Element>) {
        guard let source = elements.baseAddress, !elements.isEmpty else { return }
        if count + elements.count > capacity || !isKnownUniquelyReferenced(&storage) {
            reallocate(minimum: count + elements.count, growing: true)
        }
        (storage.unsafelyUnwrapped.base + count).update(from: source, count: elements.count)
        count += elements.count
    }

    public mutating func append(contentsOf other: FieldArray<Element>) {
        other.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    /// Room for `minimum` elements in memory this array alone refers to.
    public mutating func reserveCapacity(_ minimum: Int) {
        if minimum > capacity || !isKnownUniquelyReferenced(&storage) { reallocate(minimum: Swift.max(minimum, count), growing: false) }
    }

    /// Keeps the first `newCount` elements.
    public mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= count, "FieldArray truncated past its end")
        count = newCount
    }

    /// Moves the elements to new memory of this array's own, with room for at least `minimum`.
    /// As an `Array`'s: for an append (`growing`), twice the capacity when it is too small, else
    /// the same capacity; for a reservation, `minimum`.
    private mutating func reallocate(minimum: Int, growing: Bool) {
        let new = Storage(capacity: !growing ? minimum : minimum > capacity ? Swift.max(minimum, 2 * capacity, 16) : capacity)
        if let old = storage {
            withExtendedLifetime(old) { new.base.update(from: old.base, count: count) }
        }
        storage = new
    }

    // A parser's access: it writes elements past `count` through `unsafeElements` (room made
    // with `reserveCapacity`, which may move them) and then sets `count` (`unsafeSetCount`).

    /// The first element's address: valid while this array lives and is not appended to or
    /// reserved in, and written only where `reserveCapacity` made room.
    var unsafeElements: UnsafeMutablePointer<Element> {
        mutating get {
            reserveCapacity(Swift.max(capacity, 1))
            return storage.unsafelyUnwrapped.base
        }
    }

    /// Declares the first `newCount` elements written (at most `capacity`).
    mutating func unsafeSetCount(_ newCount: Int) {
        precondition(newCount >= 0 && newCount <= capacity, "FieldArray count past its capacity")
        count = newCount
    }
}

extension FieldArray: Equatable where Element: Equatable {
    public static func == (a: FieldArray, b: FieldArray) -> Bool {
        a.count == b.count && a.indices.allSatisfy { a[$0] == b[$0] }
    }
}

extension FieldArray: CustomStringConvertible {
    public var description: String { Array(self).description }
}
