import DensitoAnalysis
import DensitoExperiment
import Foundation
import Testing

/// Seeded properties of batch planning: for random batches (random experiment names with
/// commas, quotes, line breaks and non-ASCII text, random rows per experiment), splitting
/// into any number of shards and merging their summaries gives byte for byte the summary
/// of the unsharded batch, and every summary reads back (RFC 4180) as the rows written.
/// Each message names the seed.
@Suite struct PropertyBatchSpec {
  static let seeds: [UInt64] = Array(1...25)

  /// A random field: letters plus, sometimes, the characters CSV must quote.
  static func field(_ rng: inout SplitMix64) -> String {
    let alphabet = Array("abcxyz019 ,\"\n-é/µ")
    return String((0..<rng.integer(in: 1...10)).map { _ in alphabet[rng.integer(in: 0...(alphabet.count - 1))] })
  }

  static func batch(seed: UInt64) -> [(key: String, rows: [[String]])] {
    var rng = SplitMix64(seed: seed)
    var keys = Set<String>()
    while keys.count < rng.integer(in: 1...30) { keys.insert("lab/" + field(&rng) + ".yaml") }
    let sorted = keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    return sorted.map { key in
      let rows = (0..<rng.integer(in: 1...4)).map { _ in
        [key] + (1..<BatchSummary.header.count).map { _ in field(&rng) }
      }
      return (key, rows)
    }
  }

  @Test(arguments: seeds)
  func mergingShardsGivesTheUnshardedSummary(_ seed: UInt64) throws {
    let experiments = Self.batch(seed: seed)
    let whole = BatchSummary.csv(header: BatchSummary.header, rows: experiments.flatMap(\.rows))
    var rng = SplitMix64(seed: seed ^ 0x5348_4152)
    let n = rng.integer(in: 1...7)
    var parts: [(name: String, text: String)] = []
    for i in 1...n {
      let shard = try BatchShard(index: i, count: n)
      parts.append(("shard \(i)", BatchSummary.csv(header: BatchSummary.header, rows: shard.select(experiments).flatMap(\.rows))))
    }
    // The order in which shard folders are given does not matter.
    for _ in 0..<parts.count {
      parts.swapAt(rng.integer(in: 0...(parts.count - 1)), rng.integer(in: 0...(parts.count - 1)))
    }
    #expect(try BatchSummary.merge(parts, header: BatchSummary.header) == whole, "seed \(seed), \(n) shards")
  }

  @Test(arguments: seeds)
  func summariesReadBackAsWritten(_ seed: UInt64) throws {
    let rows = Self.batch(seed: seed).flatMap(\.rows)
    let text = BatchSummary.csv(header: BatchSummary.header, rows: rows)
    let records = try CSVReader.records(text).map(\.fields)
    #expect(records == [BatchSummary.header] + rows, "seed \(seed)")
  }
}
