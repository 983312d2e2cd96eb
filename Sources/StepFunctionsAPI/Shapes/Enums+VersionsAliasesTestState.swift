// Generated from AWS Step Functions service model (API version 2016-11-23) by the generator of
// Tests/python/generate_shapes.py, reviewed by hand. Member names are AWS wire names: do not rename them.
import Foundation

/// The `InspectionLevel` values AWS defines; unknown values from newer services are kept as they are.
public struct InspectionLevel: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let info = InspectionLevel(rawValue: "INFO")
    public static let debug = InspectionLevel(rawValue: "DEBUG")
    public static let trace = InspectionLevel(rawValue: "TRACE")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [InspectionLevel] = [.info, .debug, .trace]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [InspectionLevel] { allKnown }
}

/// The `MockResponseValidationMode` values AWS defines; unknown values from newer services are kept as they are.
public struct MockResponseValidationMode: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let strict = MockResponseValidationMode(rawValue: "STRICT")
    public static let present = MockResponseValidationMode(rawValue: "PRESENT")
    public static let none = MockResponseValidationMode(rawValue: "NONE")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [MockResponseValidationMode] = [.strict, .present, .none]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [MockResponseValidationMode] { allKnown }
}

/// The `TestExecutionStatus` values AWS defines; unknown values from newer services are kept as they are.
public struct TestExecutionStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let succeeded = TestExecutionStatus(rawValue: "SUCCEEDED")
    public static let failed = TestExecutionStatus(rawValue: "FAILED")
    public static let retriable = TestExecutionStatus(rawValue: "RETRIABLE")
    public static let caughtError = TestExecutionStatus(rawValue: "CAUGHT_ERROR")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [TestExecutionStatus] = [.succeeded, .failed, .retriable, .caughtError]
    /// The order the values are listed in when a request violates the enumeration.
    public static var validationOrder: [TestExecutionStatus] { allKnown }
}
