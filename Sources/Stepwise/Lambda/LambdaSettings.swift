/// How a handler placed on Lambda is deployed: the function's name and the limits Lambda enforces on it.
///
/// `Sendable`, `Hashable`: a value.
public struct LambdaSettings: Sendable, Hashable {
    /// The Lambda function's name (1 to 64 letters, digits, `-` or `_`).
    public var functionName: String
    /// How long one invocation may run before Lambda stops it (1 second to 15 minutes; Lambda's default is 3 s).
    public var timeout: Duration
    /// The memory given to the function in MB (128 to 10,240; Lambda's default is 128).
    public var memorySize: Int
    /// The function's reserved concurrency: at most this many invocations at once, the others are throttled with
    /// `Lambda.TooManyRequestsException`. `nil` leaves the function unreserved.
    public var maxConcurrency: Int?

    /// Settings with the limits clamped to Lambda's ranges.
    public init(functionName: String, timeout: Duration = .seconds(3), memorySize: Int = 128, maxConcurrency: Int? = nil) {
        self.functionName = functionName
        self.timeout = min(max(timeout, .seconds(1)), .seconds(900))
        self.memorySize = min(max(memorySize, 128), 10_240)
        self.maxConcurrency = maxConcurrency.map { max(0, $0) }
    }

    /// Whole seconds of ``timeout``, rounded up (what `CreateFunction`'s `Timeout` takes).
    public var timeoutSeconds: Int { max(1, Duration.wholeSeconds(timeout)) }

    /// A Lambda function name derived from an activity name: characters Lambda does not allow become `-`, and
    /// the name is cut to 64 characters.
    public static func functionName(forActivity activityName: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        let name = String(activityName.map { allowed.contains($0) ? $0 : "-" }.prefix(64))
        return name.isEmpty ? "handler" : name
    }
}

extension Placement {
    /// A typed handler placed on Lambda (the seed's `run-on-lambda {make-dough {:timeout ...}}`): the workflow's
    /// steps that invoke it lower to `arn:aws:states:::lambda:invoke` when the workflow is ensured with this
    /// placement (``StateMachineOptions/placing(_:)``), and the executable serves it when Lambda starts it
    /// (``LambdaRuntime``). Switching between `.here` and `.onLambda` changes no workflow code.
    /// - Parameters:
    ///   - functionName: the Lambda function's name; by default derived from the handler's activity name.
    ///   - timeout: the function's timeout (Lambda's default, 3 seconds).
    ///   - memorySize: the function's memory in MB (Lambda's default, 128).
    ///   - maxConcurrency: the function's reserved concurrency; `nil` for none.
    public static func onLambda<H: TaskHandler>(
        _ handler: H, functionName: String? = nil, timeout: Duration = .seconds(3), memorySize: Int = 128,
        maxConcurrency: Int? = nil
    ) -> Placement {
        onLambda(
            AnyTaskHandler(handler), functionName: functionName, timeout: timeout, memorySize: memorySize,
            maxConcurrency: maxConcurrency)
    }

    /// A closure handler placed on Lambda; see ``onLambda(_:functionName:timeout:memorySize:maxConcurrency:)-(H,_,_,_,_)``.
    public static func onLambda<Input, Output>(
        _ function: TaskFunction<Input, Output>, functionName: String? = nil, timeout: Duration = .seconds(3),
        memorySize: Int = 128, maxConcurrency: Int? = nil
    ) -> Placement {
        onLambda(
            AnyTaskHandler(function), functionName: functionName, timeout: timeout, memorySize: memorySize,
            maxConcurrency: maxConcurrency)
    }

    /// An untyped handler placed on Lambda.
    public static func onLambda(
        _ handler: AnyTaskHandler, functionName: String? = nil, timeout: Duration = .seconds(3), memorySize: Int = 128,
        maxConcurrency: Int? = nil
    ) -> Placement {
        var placement = Placement(handler, slots: max(1, maxConcurrency ?? 1))
        placement.lambda = LambdaSettings(
            functionName: functionName ?? LambdaSettings.functionName(forActivity: handler.activityName), timeout: timeout,
            memorySize: memorySize, maxConcurrency: maxConcurrency)
        return placement
    }
}

extension StateMachineOptions {
    /// These options with the Lambda placements among `placements` recorded in ``lambdaFunctions``, so the
    /// workflow's steps for those handlers lower to Lambda tasks; placements here change nothing.
    public func placing(_ placements: [Placement]) -> StateMachineOptions {
        var options = self
        for placement in placements {
            if let lambda = placement.lambda { options.lambdaFunctions[placement.handler.activityName] = lambda.functionName }
        }
        return options
    }
}
