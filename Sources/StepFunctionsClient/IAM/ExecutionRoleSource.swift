/// Where a ``StepFunctionsClient`` gets the execution role of a state machine created without one
/// (``StepFunctionsClient/ensureExecutionRole(stateMachineName:definition:)``).
public enum ExecutionRoleSource: Sendable, Hashable {
    /// A fixed role in account `123456789012`, for endpoints that do not check roles (`stepwise serve`, emulators).
    case placeholder
    /// This role, for every machine (`STEPWISE_ROLE_ARN`).
    case fixed(String)
    /// A role per machine, ensured through IAM at `iamEndpoint` (see ``ExecutionRolePolicy``).
    case ensure(iamEndpoint: String, signingRegion: String)

    /// The placeholder role's ARN.
    public static let placeholderRoleArn = "arn:aws:iam::123456789012:role/StepwiseExecutionRole"

    /// Resolves the source, first match wins:
    /// 1. `roleArn`, else `STEPWISE_ROLE_ARN`: ``fixed(_:)``.
    /// 2. `iamEndpoint`, else `AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`: ``ensure(iamEndpoint:signingRegion:)``
    ///    there (a local IAM such as moto or LocalStack).
    /// 3. Step Functions at AWS (no endpoint override): ``ensure(iamEndpoint:signingRegion:)`` at AWS's global IAM endpoint.
    /// 4. Otherwise (Step Functions at `stepwise serve` or another local endpoint, no IAM endpoint): ``placeholder``,
    ///    so that a local endpoint never makes the client create roles in a real AWS account.
    public static func resolve(
        environment: AWSEnvironment, roleArn: String?, iamEndpoint: String?, settings: [String: String],
        stepFunctionsEndpointOverridden: Bool, region: String
    ) throws(ClientConfigurationError) -> ExecutionRoleSource {
        if let arn = roleArn ?? environment["STEPWISE_ROLE_ARN"] { return .fixed(arn) }
        let profileEndpoint = settings["endpoint_url"].flatMap { $0.isEmpty ? nil : $0 }
        let (awsEndpoint, signingRegion) = IAMClient.defaultEndpoint(region: region)
        if let endpoint = iamEndpoint ?? environment["AWS_ENDPOINT_URL_IAM"] ?? environment["AWS_ENDPOINT_URL"] ?? profileEndpoint {
            return .ensure(iamEndpoint: try StepFunctionsClientConfiguration.validatedEndpoint(endpoint), signingRegion: signingRegion)
        }
        return stepFunctionsEndpointOverridden ? .placeholder : .ensure(iamEndpoint: awsEndpoint, signingRegion: signingRegion)
    }
}
