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

    /// An HTTP `Date` header's text (RFC 7231: `Sun, 06 Nov 1994 08:49:37 GMT`). Written from the calendar fields
    /// (`gmtime_r`), not a `DateFormatter` made for each call: every `lambda:invoke` result carries one.
    package static func httpDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var fields = tm()
        gmtime_r(&seconds, &fields)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][Int(fields.tm_wday)]
        let month = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][Int(fields.tm_mon)]
        return "\(day), \(two(fields.tm_mday)) \(month) \(fields.tm_year + 1900) "
            + "\(two(fields.tm_hour)):\(two(fields.tm_min)):\(two(fields.tm_sec)) GMT"
    }
}
