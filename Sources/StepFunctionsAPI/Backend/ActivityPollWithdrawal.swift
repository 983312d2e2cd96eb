/// The wire names of withdrawing a long poll, a Stepwise extension of the Step Functions protocol (`stepwise serve`
/// and ``StepFunctionsClient``; AWS has no such request).
///
/// A client tags a `GetActivityTask` with a poll id it chose (``pollIdHeader``, a random UUID). To stop that poll
/// without abandoning its connection, it sends ``target`` (`POST /`, a JSON body `{"pollId": "<id>"}`, signed like
/// any other call): the server ends the poll as its time limit does, so the poll answers at once with either "no
/// task" (`{}`) or the task the backend handed it before the withdrawal, and the client still reads that answer. A
/// task is thus either in the poll's answer or still queued, never written to a connection nobody reads (what
/// abandoning the request risked). Withdrawing an unknown or finished poll succeeds; a withdrawal that arrives
/// before its poll makes that poll answer "no task" at once. A server that does not know the extension answers
/// `UnknownOperationException`.
public enum ActivityPollWithdrawal {
    /// The request header carrying a `GetActivityTask`'s poll id.
    public static let pollIdHeader = "x-stepwise-poll-id"
    /// The `X-Amz-Target` of a withdrawal: outside the `AWSStepFunctions.` namespace, so it names no AWS operation.
    public static let target = "StepwiseExtensions.WithdrawActivityPoll"
    /// The longest poll id accepted (a UUID has 36 characters).
    public static let maximumPollIdLength = 64

    /// The body of a withdrawal.
    public struct Input: Codable, Sendable, Equatable {
        /// The id the poll was sent with.
        public var pollId: String

        public init(pollId: String) { self.pollId = pollId }
    }
}
