package import Foundation
import OrderedCollections
package import StatesLanguage

/// The AWS SDK's response metadata that Step Functions adds to an optimized integration's output (`lambda:invoke`,
/// `states:startExecution`, SQS, SNS, DynamoDB, ...), as AWS records it: `SdkHttpMetadata` with every header in
/// `AllHttpHeaders` (each one's values as a list, in the order given) and in `HttpHeaders` (its value, sorted by name
/// with case ignored), the status, and `SdkResponseMetadata` with the request id (LocalStack's
/// test_lambda_task_service, test_sfn_task_service and test_callback snapshots, recorded against AWS).
package enum SdkResponseMetadata {
    /// Adds `SdkHttpMetadata` and `SdkResponseMetadata` to `output`.
    package static func add(
        to output: inout JSONObject, headers: [(name: String, value: String)], status: Int, requestId: String
    ) {
        var all = JSONObject()
        for header in headers { all[header.name] = [.string(header.value)] }
        var single = JSONObject()
        for header in headers.sorted(by: { $0.name.lowercased() < $1.name.lowercased() }) {
            single[header.name] = .string(header.value)
        }
        output["SdkHttpMetadata"] = ["AllHttpHeaders": .object(all), "HttpHeaders": .object(single), "HttpStatusCode": .int(status)]
        output["SdkResponseMetadata"] = ["RequestId": .string(requestId)]
    }

    /// An HTTP `Date` header's text (RFC 7231: `Wed, 06 Nov 2025 12:31:47 GMT`).
    package static func httpDate(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.string(from: date)
    }
}
