import Foundation
import Logging
import StatesLanguage
import StepFunctionsAPI

extension ActivityWorker {
    /// The largest output `SendTaskSuccess` accepts: 256 KiB of UTF-8 (AWS's payload quota).
    public static let maximumOutputBytes = 262_144
    /// The longest error name `SendTaskFailure` accepts (characters); longer names are truncated.
    public static let maximumErrorLength = 256
    /// The longest cause `SendTaskFailure` accepts (characters); longer causes are truncated.
    public static let maximumCauseLength = 32_768

    /// AWS's cause for an output over the payload quota (`States.DataLimitExceeded`).
    static let dataLimitCause =
        "The state/task returned a result with a size exceeding the maximum number of bytes service limit."

    /// What is sent for a task.
    enum Report: Sendable {
        case success(output: String)
        case failure(TaskFailure)
    }

    /// Reports a handler's result: `SendTaskSuccess` with its output, or `SendTaskFailure` with its error and
    /// cause. An output over 256 KiB, or one the backend rejects (`InvalidOutput`), is reported as a failure
    /// (`States.DataLimitExceeded` or `States.Runtime`) so the task is never left to time out.
    ///
    /// Runs to its end even when the calling task is cancelled: a result is never dropped by a shutdown. `shielded`
    /// false: the calling task is one that nothing cancels, and it sends the result itself.
    func deliver(
        _ result: Result<JSONValue, TaskFailure>, taskToken: String, activityName: String, shielded: Bool = true
    ) async {
        let report: Report
        switch result {
        case .success(let json):
            let output = json.jsonString()
            report =
                output.utf8.count > Self.maximumOutputBytes
                ? .failure(TaskFailure(.dataLimitExceeded, cause: Self.dataLimitCause)) : .success(output: output)
        case .failure(let failure):
            report = .failure(failure)
        }
        guard shielded else { return await send(report, taskToken: taskToken, activityName: activityName) }
        // An unstructured task does not inherit cancellation; it is awaited, so it never outlives the caller.
        await Task { await self.send(report, taskToken: taskToken, activityName: activityName) }.value
    }

    private func send(_ first: Report, taskToken: String, activityName: String) async {
        var report = first
        var backoff = Backoff(configuration)
        var attempt = 1
        while true {
            do {
                switch report {
                case .success(let output):
                    _ = try await backend.sendTaskSuccess(SendTaskSuccessInput(taskToken: taskToken, output: output))
                case .failure(let failure):
                    _ = try await backend.sendTaskFailure(
                        SendTaskFailureInput(
                            taskToken: taskToken, error: Self.truncated(failure.error, to: Self.maximumErrorLength),
                            cause: Self.truncated(failure.cause, to: Self.maximumCauseLength)))
                }
                return
            } catch {
                let metadata: Logger.Metadata = ["activity": "\(activityName)", "error": "\(error)"]
                if Self.taskIsGone(error) {
                    logger.notice("the task no longer takes a result (timed out or stopped); result dropped", metadata: metadata)
                    return
                }
                if case .success(let output) = report, let rejected = Self.rejectedOutput(error, output: output) {
                    logger.warning("the backend rejected the output; reporting a failure", metadata: metadata)
                    report = .failure(rejected)
                    continue
                }
                guard attempt < configuration.deliveryAttempts else {
                    logger.error(
                        "cannot report the task's result; the task will wait for its timeout",
                        metadata: metadata.merging(["attempts": "\(attempt)"]) { $1 })
                    return
                }
                attempt += 1
                let delay = backoff.next()
                logger.warning("reporting the task's result failed; retrying", metadata: metadata.merging(["delay": "\(delay)"]) { $1 })
                try? await Task.sleep(for: delay)
            }
        }
    }

    /// The failure to report instead of an output the backend refused, or `nil` when `error` is not a refusal.
    private static func rejectedOutput(_ error: any Error, output: String) -> TaskFailure? {
        guard let error = error as? StepFunctionsError,
            [.invalidOutput, .validationException].contains(error.code)
        else { return nil }
        if output.utf8.count > maximumOutputBytes || error.message.localizedCaseInsensitiveContains("size") {
            return TaskFailure(.dataLimitExceeded, cause: dataLimitCause)
        }
        return TaskFailure(.runtime, cause: "The task's output was refused: \(error)")
    }

    /// `text` cut to `limit` Unicode scalars (how AWS counts these lengths).
    static func truncated(_ text: String, to limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(limit))
        return String(scalars)
    }
}
