import SignalboxCore
import Testing

@Suite("FastRandom")
struct FastRandomTests {
    @Test("unit draws stay in [0, 1) and spread evenly; raw draws do not repeat")
    func distribution() {
        var buckets = Array(repeating: 0, count: 10)
        for _ in 0..<100_000 {
            let value = FastRandom.unit()
            #expect(value >= 0 && value < 1)
            buckets[Int(value * 10)] += 1
        }
        // 10,000 expected per bucket; the standard deviation is ~95.
        #expect(buckets.allSatisfy { abs($0 - 10_000) < 600 }, "\(buckets)")
        var seen = Set<UInt64>()
        for _ in 0..<100_000 { seen.insert(FastRandom.next()) }
        #expect(seen.count == 100_000)
    }

    @Test("request ids stay unique under concurrent creation")
    func uniqueIDs() async {
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 { group.addTask { (0..<5_000).map { _ in RequestID.make(nowMilliseconds: 1_780_000_000_000).rawValue } } }
            var all: [String] = []
            for await chunk in group { all += chunk }
            return all
        }
        #expect(Set(ids).count == 20_000)
    }
}
