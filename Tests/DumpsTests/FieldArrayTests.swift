import Synthetic
import Testing
@testable import Dumps

/// `FieldArray` against `Array`, the type it stands in for in a batch: the same elements after
/// any run of appends, truncations and copies, and no copy seeing another's writes.
@Suite("Field arrays")
struct FieldArrayTests {
    /// Random appends (one at a time, a run, another field array), truncations, reservations and
    /// copies, applied to a field array and to an `Array`: after every step both hold the same
    /// elements, every copy taken along the way still holds what it held when taken, and the
    /// capacity stays within twice the most elements held or reserved (a copy shares memory, and
    /// the next append moves to memory of its own without doubling it again).
    @Test(arguments: [UInt64(1), 2, 3])
    func sameAsAnArray(seed: UInt64) {
        var random = SeededGenerator(seed: 0xF1E1_D000 | seed)
        var array = FieldArray<Int32>()
        var model: [Int32] = []
        var copies: [(FieldArray<Int32>, [Int32])] = []
        var (mismatches, copiesChanged, mostHeld, tooLarge) = (0, 0, 0, 0)
        for step in 0 ..< 3000 {
            switch random.next() % 7 {
            case 0, 1:
                let value = Int32(truncatingIfNeeded: random.next())
                array.append(value)
                model.append(value)
            case 2:
                let run = (0 ..< Int(random.next() % 40)).map { _ in Int32(truncatingIfNeeded: random.next()) }
                run.withUnsafeBufferPointer { array.append(contentsOf: $0) }
                model.append(contentsOf: run)
            case 3:
                let other = FieldArray((0 ..< Int(random.next() % 20)).map { _ in Int32(truncatingIfNeeded: random.next()) })
                array.append(contentsOf: other)
                model.append(contentsOf: other)
            case 4:
                let keep = model.isEmpty ? 0 : Int(random.next() % UInt64(model.count + 1))
                array.truncate(to: keep)
                model.removeSubrange(keep...)
            case 5:
                let wanted = model.count + Int(random.next() % 100)
                array.reserveCapacity(wanted)
                mostHeld = max(mostHeld, wanted)
            default:
                copies.append((array, model))
            }
            if Array(array) != model || array.count != model.count { mismatches += 1 }
            mostHeld = max(mostHeld, model.count)
            if array.capacity > max(16, 2 * mostHeld) { tooLarge += 1 }
            if step % 100 == 0 {
                copiesChanged += copies.filter { Array($0.0) != $0.1 }.count
            }
        }
        copiesChanged += copies.filter { Array($0.0) != $0.1 }.count
        #expect(mismatches == 0)
        #expect(copiesChanged == 0)
        #expect(tooLarge == 0)
        #expect(copies.count > 300)
    }

    /// A truncated copy that grows again writes to memory of its own: the array it was copied
    /// from keeps the elements past the cut.
    @Test
    func truncatedCopyDoesNotOverwrite() {
        let original = FieldArray<UInt8>([1, 2, 3, 4])
        var copy = original
        copy.truncate(to: 1)
        copy.append(9)
        copy.append(contentsOf: FieldArray([8, 7]))
        #expect(Array(original) == [1, 2, 3, 4])
        #expect(Array(copy) == [1, 9, 8, 7])
    }

    /// A parser's access: elements written through `unsafeElements` past `count`, room made
    /// (and the memory moved) with `reserveCapacity` after `unsafeSetCount`, then the count set.
    @Test
    func writtenThroughItsPointer() {
        var array = FieldArray<Int32>(capacity: 4)
        var pointer = array.unsafeElements
        var written = 0
        for value in Int32(0) ..< 1000 {
            if written == array.capacity {
                array.unsafeSetCount(written)
                array.reserveCapacity(2 * array.capacity)
                pointer = array.unsafeElements
            }
            pointer[written] = value * 3
            written += 1
        }
        array.unsafeSetCount(written)
        #expect(Array(array) == (Int32(0) ..< 1000).map { $0 * 3 })
        let sum = array.withUnsafeBufferPointer { elements in elements.reduce(0) { $0 + Int($1) } }
        #expect(sum == 3 * 999 * 1000 / 2)
    }
}
