import Foundation

extension LambdaClient {
    /// The trust policy of a Lambda execution role: `lambda.amazonaws.com` may assume it.
    public static let functionTrustPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#

    /// The inline policy Stepwise gives a function's role: writing its logs to CloudWatch Logs, as AWS's
    /// `AWSLambdaBasicExecutionRole` does.
    public static let functionLogsPolicy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"#

    /// The execution role of functions Stepwise deploys (`StepwiseLambdaRole` by default): created trusting
    /// `lambda.amazonaws.com` when missing (given that trust when it lacks it), with the logs policy.
    /// - Returns: the role's ARN.
    /// - Throws: ``IAMError`` (such as `AccessDenied` when the caller may not manage roles).
    public func ensureFunctionRole(name: String = "StepwiseLambdaRole", iam: IAMClient? = nil) async throws -> String {
        let iam = iam ?? client.iamClient()
        let role: IAMRole
        do {
            let existing = try await iam.getRole(name: name)
            if !(existing.assumeRolePolicyDocument ?? "").contains("lambda.amazonaws.com") {
                try await iam.updateAssumeRolePolicy(roleName: name, policyDocument: Self.functionTrustPolicy)
            }
            role = existing
        } catch IAMError.Code.noSuchEntity {
            do {
                role = try await iam.createRole(
                    name: name, assumeRolePolicyDocument: Self.functionTrustPolicy,
                    description: "Execution role of Lambda functions deployed by Stepwise")
            } catch IAMError.Code.entityAlreadyExists {
                role = try await iam.getRole(name: name)  // created concurrently by another caller
            }
        }
        try await iam.putRolePolicy(roleName: name, policyName: "StepwiseLambdaLogs", policyDocument: Self.functionLogsPolicy)
        return role.arn
    }
}
