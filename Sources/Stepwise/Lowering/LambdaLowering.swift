import OrderedCollections
import StatesLanguage

extension LoweringConfiguration {
    /// The Retry AWS recommends for Lambda's transient service errors ("Handle Lambda service exceptions" in the
    /// Step Functions developer guide): every `Lambda.*` 500 error, 2 s, 6 attempts, backoff rate 2.
    public static let lambdaServiceRetrier = Retrier(
        errorEquals: [
            "Lambda.ClientExecutionTimeoutException", "Lambda.ServiceException", "Lambda.AWSLambdaException",
            "Lambda.SdkClientException",
        ], intervalSeconds: 2, maxAttempts: 6, backoffRate: 2)

    /// `arn:<partition>:lambda:<region>:<account>:function:<name>`.
    public func lambdaFunctionARN(_ functionName: String) -> String {
        "arn:\(partition):lambda:\(region):\(account):function:\(functionName)"
    }

    /// `arn:<partition>:states:::lambda:invoke`, the optimized Lambda integration.
    public var lambdaInvokeResource: String { "arn:\(partition):states:::lambda:invoke" }

    /// A handler's Task state, placed where ``lambdaFunctions`` says: unchanged (the activity) when the handler
    /// is not placed on Lambda, else a Lambda task with the same input, output, timeouts and error handling.
    ///
    /// - The optimized integration, `arn:aws:states:::lambda:invoke` with `FunctionName` and `Payload` (the
    ///   step's `Parameters` when it has any, else its whole effective input) and `OutputPath: $.Payload`, so
    ///   the step outputs the handler's result as the activity did.
    /// - When the step sets `ResultSelector`, `ResultPath` or `OutputPath` itself, `$.Payload` cannot be put
    ///   before them in ASL; the step then names the function's ARN as its `Resource` (the payload itself is
    ///   the result), with its `Parameters` unchanged.
    ///
    /// Both forms retry Lambda's transient service errors first (``lambdaServiceRetrier``), before the step's
    /// own retriers.
    package func lambdaTask(_ task: TaskState, activityName: String) -> TaskState {
        guard let functionName = lambdaFunctions[activityName] else { return task }
        var placed = task
        let function = functionName.hasPrefix("arn:") ? functionName : lambdaFunctionARN(functionName)
        if task.resultSelector == nil, task.resultPath == nil, task.outputPath == nil {
            placed.resource = lambdaInvokeResource
            var parameters: JSONObject = ["FunctionName": .string(function)]
            if let payload = task.parameters {
                parameters["Payload"] = payload
            } else {
                parameters["Payload.$"] = "$"
            }
            placed.parameters = .object(parameters)
            placed.outputPath = .path("$.Payload")
        } else {
            placed.resource = function
        }
        placed.retry = [Self.lambdaServiceRetrier] + task.retry
        return placed
    }
}
