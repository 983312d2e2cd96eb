import Foundation
import Stepwise
import Synchronization

// The seed's "Process Batch" workflow (fourth post): pick an asset for each contact, schedule the sends,
// send the emails, and retry only the unsent ones on a separate path. The services fail on purpose, some of
// the time, deterministically: which calls fail depends only on the input, so every run is the same.

/// A batch of contacts to email.
struct Batch: Codable, Sendable, Equatable {
    var batchId: String
    var contacts: [String]
}

/// One email: who gets which asset, and when.
struct Delivery: Codable, Sendable, Equatable {
    var contact: String
    var asset: String
    var sendAt: String?
}

/// A batch with its deliveries decided.
struct PlannedBatch: Codable, Sendable, Equatable {
    var batchId: String
    var deliveries: [Delivery]
}

/// What sending did: the contacts emailed, the deliveries still unsent, and how many resend passes ran.
struct SendReport: Codable, Sendable, Equatable {
    var batchId: String
    var sent: [String]
    var unsent: [Delivery]
    var resendPasses: Int

    enum Fields {
        static let firstUnsent = Field<SendReport, Delivery>(jsonPath: "$.unsent[0]")
    }
}

/// A stable hash of strings (FNV-1a; Swift's `Hasher` is seeded per process).
func stableHash(_ parts: String...) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in parts.joined(separator: "\u{1F}").utf8 {
        hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }
    return hash
}

/// A remote service that is down for the first few calls about a batch: `1 + hash(service, batch) % 2`
/// calls fail (or `failures`, when given), then it answers. The count is kept per batch, so a run is
/// reproducible.
final class FlakyService: Sendable {
    let name: String
    let fixedFailures: Int?
    private let calls = Mutex<[String: Int]>([:])

    init(_ name: String, failures: Int? = nil) {
        self.name = name
        self.fixedFailures = failures
    }

    /// Throws `TaskFailure(error:)` while the service is still down for `batchId`.
    func call(about batchId: String, failingWith error: String) throws {
        let failures = fixedFailures ?? Int(1 + stableHash(name, batchId) % 2)
        let call = calls.withLock { calls in
            calls[batchId, default: 0] += 1
            return calls[batchId, default: 0]
        }
        if call <= failures {
            throw TaskFailure(error: error, cause: "\(name) unavailable (call \(call) of \(failures) failing)")
        }
    }
}

/// Asks the machine learner for the most useful asset for each contact. The learner is flaky: the step
/// retries `MachineLearnerUnavailable`, which the queue used to do by leaving the message unacknowledged.
struct PickAssets: TaskHandler {
    static let retry = [
        RetryPolicy(on: ["MachineLearnerUnavailable"], interval: .seconds(2), maxAttempts: 3, backoffRate: 2)
    ]
    let learner: FlakyService

    func run(_ batch: Batch, context: TaskContext) async throws -> PlannedBatch {
        try learner.call(about: batch.batchId, failingWith: "MachineLearnerUnavailable")
        let assets = ["welcome-a", "welcome-b", "product-tour"]
        let deliveries = batch.contacts.map { contact in
            Delivery(contact: contact, asset: assets[Int(stableHash(batch.batchId, contact) % 3)], sendAt: nil)
        }
        return PlannedBatch(batchId: batch.batchId, deliveries: deliveries)
    }
}

/// Gives each delivery its send time (the post's scheduler), a fixed hour per contact.
struct ScheduleSends: TaskHandler {
    func run(_ batch: PlannedBatch, context: TaskContext) async throws -> PlannedBatch {
        var scheduled = batch
        for index in scheduled.deliveries.indices {
            let hour = 9 + Int(stableHash(scheduled.deliveries[index].contact) % 8)
            scheduled.deliveries[index].sendAt = String(format: "2026-11-26T%02d:00:00Z", hour)
        }
        return scheduled
    }
}

/// Sends every email once. Some addresses bounce on the first try (those whose hash is divisible by 3):
/// they come back as `unsent` rather than failing the whole batch.
struct SendEmails: TaskHandler {
    func run(_ batch: PlannedBatch, context: TaskContext) async throws -> SendReport {
        var report = SendReport(batchId: batch.batchId, sent: [], unsent: [], resendPasses: 0)
        for delivery in batch.deliveries {
            if stableHash(batch.batchId, delivery.contact, "first-send") % 3 == 0 {
                report.unsent.append(delivery)
            } else {
                report.sent.append(delivery.contact)
            }
        }
        return report
    }
}

/// The separate path: resends only the unsent emails. The email provider throttles the first calls about a
/// batch (`EmailProviderThrottled`), which the step retries with backoff.
struct ResendUnsent: TaskHandler {
    let provider: FlakyService

    func run(_ report: SendReport, context: TaskContext) async throws -> SendReport {
        try provider.call(about: report.batchId, failingWith: "EmailProviderThrottled")
        var resent = report
        resent.sent += report.unsent.map(\.contact)
        resent.unsent = []
        resent.resendPasses += 1
        return resent
    }
}
