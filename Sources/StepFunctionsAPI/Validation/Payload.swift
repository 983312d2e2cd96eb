import OrderedCollections
public import StatesLanguage

/// The JSON payloads of the API (`input`, `output`): strings that must hold JSON, of at most 256 KiB (UTF-8).
public enum Payload {
    /// The largest payload AWS accepts: 256 KiB of UTF-8.
    public static let maximumSize = 262_144

    /// Parses an execution input (`StartExecution`, `StartSyncExecution`); absent input is `{}`, as on AWS.
    /// Throws `InvalidExecutionInput` for text that is not JSON, worded as AWS words it (an empty string is
    /// `Invalid State Machine Execution Input: 'Invalid execution input.'`; a word is `Unrecognized token 'not': ...`,
    /// see ``JSONParseError/jacksonMessage(in:)``). Any JSON value is accepted, not only objects (AWS starts
    /// executions with a number, a string or `null` as input).
    public static func executionInput(_ text: String?) throws(StepFunctionsError) -> JSONValue {
        guard let text else { return .object([:]) }
        if text.isEmpty {
            throw StepFunctionsError(.invalidExecutionInput, "Invalid State Machine Execution Input: 'Invalid execution input.'")
        }
        do {
            return try JSONValue(parsing: text)
        } catch {
            // AWS words the parse error as its parser (Jackson) does, where that wording is known.
            let reason = error.jacksonMessage(in: text) ?? error.message
            throw StepFunctionsError(.invalidExecutionInput, "Invalid State Machine Execution Input: '\(reason)'")
        }
    }

    /// Parses a task output (`SendTaskSuccess`); throws `InvalidOutput` for text that is not JSON.
    public static func taskOutput(_ text: String) throws(StepFunctionsError) -> JSONValue {
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw StepFunctionsError(.invalidOutput, "Invalid Output: '\(error.message)'")
        }
    }
}

/// Paging as the list operations do it: `maxResults` 0 or absent is the default of 100, at most 1000; the
/// `nextToken` is opaque to callers.
public enum Paging {
    /// The page size AWS uses when `maxResults` is absent or 0.
    public static let defaultPageSize = 100
    /// The largest page AWS returns.
    public static let maximumPageSize = 1000

    /// The page size for a request's `maxResults`.
    public static func pageSize(_ maxResults: Int?) -> Int {
        guard let maxResults, maxResults > 0 else { return defaultPageSize }
        return min(maxResults, maximumPageSize)
    }

    /// One page of an ordered listing: at most ``pageSize(_:)`` items starting at the position `nextToken` stands
    /// for, and the token of the next page (nil on the last page). `scope` ties tokens to the listing they came
    /// from (for example the execution ARN of a history); a token from another scope is `InvalidToken`.
    public static func page<Item>(
        _ items: [Item], maxResults: Int?, nextToken: String?, scope: String
    ) throws(StepFunctionsError) -> (items: ArraySlice<Item>, nextToken: String?) {
        var start = 0
        if let nextToken {
            guard let offset = Int(try position(of: nextToken, scope: scope)), offset >= 0, offset <= items.count else {
                throw StepFunctionsError(.invalidToken, "Invalid Token: '\(nextToken)'")
            }
            start = offset
        }
        let end = min(start + pageSize(maxResults), items.count)
        return (items[start..<end], end < items.count ? token(position: String(end), scope: scope) : nil)
    }

    /// An opaque token for a position in a listing. `scope` ties the token to the request that produced it (for
    /// example the execution ARN), so a token is rejected when reused with another request.
    public static func token(position: String, scope: String) -> String {
        let text = JSONValue.object(["p": .string(position), "s": .string(scope)]).jsonString()
        return Base64URL.encode(Array(text.utf8))
    }

    /// The position a token stands for; throws AWS's `InvalidToken` for a token not made by `token(position:scope:)`
    /// for the same `scope`.
    public static func position(of token: String, scope: String) throws(StepFunctionsError) -> String {
        guard let bytes = Base64URL.decode(token), case .object(let object)? = try? JSONValue(parsing: bytes),
            let position = object["p"]?.stringValue, object["s"]?.stringValue == scope
        else { throw StepFunctionsError(.invalidToken, "Invalid Token: '\(token)'") }
        return position
    }
}

/// Unpadded base64url, for tokens that travel in JSON and logs without escaping.
enum Base64URL {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let b0 = bytes[index]
            let b1 = index + 1 < bytes.count ? bytes[index + 1] : 0
            let b2 = index + 2 < bytes.count ? bytes[index + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            if index + 1 < bytes.count { out.append(alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)]) }
            if index + 2 < bytes.count { out.append(alphabet[Int(b2 & 0x3F)]) }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: String) -> [UInt8]? {
        var values: [UInt8] = []
        for byte in text.utf8 {
            guard let value = alphabet.firstIndex(of: byte) else { return nil }
            values.append(UInt8(value))
        }
        if values.count % 4 == 1 { return nil }
        var out: [UInt8] = []
        var index = 0
        while index < values.count {
            let chunk = values[index..<min(index + 4, values.count)].map { $0 } + [0, 0, 0]
            out.append(chunk[0] << 2 | chunk[1] >> 4)
            if index + 2 < values.count { out.append(chunk[1] << 4 | chunk[2] >> 2) }
            if index + 3 < values.count { out.append(chunk[2] << 6 | chunk[3]) }
            index += 4
        }
        return out
    }
}
