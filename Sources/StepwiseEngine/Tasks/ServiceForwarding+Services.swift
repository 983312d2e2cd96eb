extension ServiceForwarding {
    /// A service reached over the AWS JSON protocol (or, for SNS, the query protocol). `Sendable`: a value.
    struct JSONService: Sendable, Hashable {
        /// The SigV4 signing name.
        var signingName: String
        /// The endpoint prefix at AWS.
        var endpointPrefix: String
        /// The `X-Amz-Target` prefix (`DynamoDB_20120810`); empty for the query protocol.
        var targetPrefix: String
        /// `1.0` or `1.1`; empty for the query protocol.
        var jsonVersion: String
        /// The PascalCase service name of aws-sdk error names (`DynamoDb.ConditionalCheckFailedException`).
        var errorPrefix: String
        /// Whether the service's members are camelCase (Step Functions' parameters and results are PascalCase).
        var camelCaseMembers = false
        /// The query protocol's API version (SNS).
        var queryVersion: String? = nil
    }

    /// The services `aws-sdk:<service>:<action>` is forwarded for, by the service name of the resource: those whose
    /// API uses an AWS JSON protocol.
    static let jsonServices: [String: JSONService] = [
        "dynamodb": JSONService(signingName: "dynamodb", endpointPrefix: "dynamodb", targetPrefix: "DynamoDB_20120810", jsonVersion: "1.0", errorPrefix: "DynamoDb"),
        "sqs": JSONService(signingName: "sqs", endpointPrefix: "sqs", targetPrefix: "AmazonSQS", jsonVersion: "1.0", errorPrefix: "Sqs"),
        "eventbridge": JSONService(signingName: "events", endpointPrefix: "events", targetPrefix: "AWSEvents", jsonVersion: "1.1", errorPrefix: "EventBridge"),
        "kinesis": JSONService(signingName: "kinesis", endpointPrefix: "kinesis", targetPrefix: "Kinesis_20131202", jsonVersion: "1.1", errorPrefix: "Kinesis"),
        "secretsmanager": JSONService(signingName: "secretsmanager", endpointPrefix: "secretsmanager", targetPrefix: "secretsmanager", jsonVersion: "1.1", errorPrefix: "SecretsManager"),
        "ssm": JSONService(signingName: "ssm", endpointPrefix: "ssm", targetPrefix: "AmazonSSM", jsonVersion: "1.1", errorPrefix: "Ssm"),
        "kms": JSONService(signingName: "kms", endpointPrefix: "kms", targetPrefix: "TrentService", jsonVersion: "1.1", errorPrefix: "Kms"),
        "firehose": JSONService(signingName: "firehose", endpointPrefix: "firehose", targetPrefix: "Firehose_20150804", jsonVersion: "1.1", errorPrefix: "Firehose"),
        "ecs": JSONService(signingName: "ecs", endpointPrefix: "ecs", targetPrefix: "AmazonEC2ContainerServiceV20141113", jsonVersion: "1.1", errorPrefix: "Ecs"),
        "sfn": JSONService(signingName: "states", endpointPrefix: "states", targetPrefix: "AWSStepFunctions", jsonVersion: "1.0", errorPrefix: "Sfn", camelCaseMembers: true),
        "cloudwatchlogs": JSONService(signingName: "logs", endpointPrefix: "logs", targetPrefix: "Logs_20140328", jsonVersion: "1.1", errorPrefix: "CloudWatchLogs", camelCaseMembers: true),
    ]

    /// SNS speaks the query protocol (a form body, an XML answer).
    static let snsService = JSONService(
        signingName: "sns", endpointPrefix: "sns", targetPrefix: "", jsonVersion: "", errorPrefix: "SNS", queryVersion: "2010-03-31")
}
