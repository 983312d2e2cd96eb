import OrderedCollections
import StatesLanguage
import StepFunctionsAPI

extension Interpreter {
    /// Whether a Task's Resource is a Lambda function's ARN (`arn:aws:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`):
    /// AWS records such a task with `LambdaFunctionScheduled`, `LambdaFunctionStarted`, `LambdaFunctionSucceeded`,
    /// `LambdaFunctionFailed` and `LambdaFunctionTimedOut` instead of the `Task*` events of service integrations.
    static func isLambdaFunctionArn(_ resource: String) -> Bool {
        let parts = resource.arnFields
        return (parts.count == 7 || parts.count == 8) && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function"
    }

    /// `LambdaFunctionScheduled`'s details: the resource, the input and the timeout.
    static func lambdaFunctionScheduledDetails(
        resource: String, input: String, timeout: Int?, taskCredentials: JSONValue? = nil
    ) -> JSONValue {
        var details: JSONObject = ["resource": .string(resource), "input": .string(input), "inputDetails": untruncated]
        if let timeout { details["timeoutInSeconds"] = .int(timeout) }
        if let taskCredentials { details["taskCredentials"] = taskCredentials }
        return .object(details)
    }
}
