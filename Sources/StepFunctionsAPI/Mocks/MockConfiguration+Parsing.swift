public import Foundation
import OrderedCollections
import StatesLanguage

extension MockConfiguration {
    /// Reads a mock configuration file (`SFN_MOCK_CONFIG`, `--mock-config`).
    /// - Throws: ``MockConfigurationError`` naming the file and what is wrong with it.
    public init(contentsOfFile path: String) throws(MockConfigurationError) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            var isDirectory: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
            let reason = !exists ? "no such file" : isDirectory.boolValue ? "it is a directory" : "it cannot be read"
            throw MockConfigurationError("Cannot read the mock configuration \(path): \(reason).")
        }
        do {
            try self.init(parsing: data)
        } catch {
            throw MockConfigurationError("The mock configuration \(path) is not valid: \(error.message)")
        }
    }

    /// Parses and checks a mock configuration: every test case names mocked responses that exist, every response key
    /// is an invocation index or an ascending range that overlaps no other, and every outcome has exactly one of
    /// `Return` and `Throw` (with a string `Error`).
    public init(parsing data: Data) throws(MockConfigurationError) {
        let root: JSONValue
        do {
            root = try JSONValue(parsing: data)
        } catch {
            throw MockConfigurationError("it is not JSON (\(error)).")
        }
        guard let object = root.objectValue else { throw MockConfigurationError("the top level must be an object.") }
        for key in object.keys where key != "StateMachines" && key != "MockedResponses" {
            throw MockConfigurationError("unknown top-level field '\(key)' (expected StateMachines and MockedResponses).")
        }
        var responses: [String: MockedResponse] = [:]
        if let value = object["MockedResponses"] {
            guard let members = value.objectValue else { throw MockConfigurationError("MockedResponses must be an object.") }
            for (name, response) in members {
                responses[name] = try Self.parseResponse(name: name, response)
            }
        }
        var machines: [String: [String: [String: String]]] = [:]
        if let value = object["StateMachines"] {
            guard let members = value.objectValue else { throw MockConfigurationError("StateMachines must be an object.") }
            for (machine, body) in members {
                guard let testCases = body.objectValue?["TestCases"]?.objectValue else {
                    throw MockConfigurationError("StateMachines.\(machine) must be an object with a TestCases object.")
                }
                var cases: [String: [String: String]] = [:]
                for (caseName, states) in testCases {
                    guard let states = states.objectValue else {
                        throw MockConfigurationError("StateMachines.\(machine).TestCases.\(caseName) must be an object.")
                    }
                    var mocked: [String: String] = [:]
                    for (state, responseName) in states {
                        guard let responseName = responseName.stringValue else {
                            throw MockConfigurationError(
                                "StateMachines.\(machine).TestCases.\(caseName).\(state) must name a mocked response.")
                        }
                        guard responses[responseName] != nil else {
                            throw MockConfigurationError(
                                "StateMachines.\(machine).TestCases.\(caseName).\(state) names '\(responseName)', which MockedResponses does not define.")
                        }
                        mocked[state] = responseName
                    }
                    cases[caseName] = mocked
                }
                machines[machine] = cases
            }
        }
        self.init(stateMachines: machines, responses: responses)
    }

    private static func parseResponse(name: String, _ value: JSONValue) throws(MockConfigurationError) -> MockedResponse {
        guard let members = value.objectValue, !members.isEmpty else {
            throw MockConfigurationError("MockedResponses.\(name) must be a non-empty object of invocations.")
        }
        var outcomes: [(range: ClosedRange<Int>, outcome: Outcome)] = []
        for (key, body) in members {
            let place = "MockedResponses.\(name).\(key)"
            guard let range = invocationRange(key) else {
                throw MockConfigurationError("\(place): a key must be an invocation index (\"0\") or a range (\"1-2\").")
            }
            if let other = outcomes.first(where: { $0.range.overlaps(range) }) {
                throw MockConfigurationError("\(place) overlaps invocations \(other.range.lowerBound)-\(other.range.upperBound).")
            }
            guard let fields = body.objectValue else { throw MockConfigurationError("\(place) must be an object.") }
            let returned = fields["Return"]
            let thrown = fields["Throw"]
            switch (returned, thrown) {
            case (let value?, nil):
                outcomes.append((range, .returns(value)))
            case (nil, let thrown?):
                guard let error = thrown.objectValue?["Error"]?.stringValue else {
                    throw MockConfigurationError("\(place).Throw must be an object with a string Error.")
                }
                let cause = thrown.objectValue?["Cause"]
                if let cause, cause.stringValue == nil {
                    throw MockConfigurationError("\(place).Throw.Cause must be a string.")
                }
                outcomes.append((range, .fails(error: error, cause: cause?.stringValue)))
            default:
                throw MockConfigurationError("\(place) must have exactly one of Return and Throw.")
            }
        }
        return MockedResponse(outcomes: outcomes)
    }

    /// `"3"` → 3...3, `"1-2"` → 1...2; nil for anything else (negative, descending, not a number).
    private static func invocationRange(_ key: String) -> ClosedRange<Int>? {
        let parts = key.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
            let low = Int(parts[0]), let high = Int(parts[parts.count - 1]), low <= high
        else { return nil }
        return low...high
    }
}
