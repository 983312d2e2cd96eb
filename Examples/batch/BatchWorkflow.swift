import Stepwise

/// The seed's Process Batch workflow (v3.1 of the fourth post), with the queues and journals it describes
/// replaced by the workflow's own Retry, Catch and Choice:
/// pick assets (retried while the learner is down) → schedule → send emails → if any are unsent, a separate
/// path resends only those (retried while the provider throttles; caught into a failure when it gives up).
func batchWorkflow() -> Workflow<Batch, SendReport> {
    Workflow("process-batch") {
        Invoke(PickAssets.self)
        Invoke(ScheduleSends.self)
        Invoke(SendEmails.self)
        Choice {
            When(SendReport.Fields.firstUnsent.isPresent()) {
                Invoke(ResendUnsent.self)
                    .retry(on: ["EmailProviderThrottled"], interval: .seconds(5), maxAttempts: 4, backoffRate: 2)
                    .catch([.all]) { Fail(error: "BatchNotSent", cause: "the unsent emails could not be resent") }
            }
        }.named("AnyUnsent")
    }
}
