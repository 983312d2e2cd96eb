// The Map Run operations of the AWS Step Functions service model (API version 2016-11-23), written from the API
// reference (DescribeMapRun, ListMapRuns, UpdateMapRun). Member names are AWS wire names: do not rename them.
public import Foundation

/// The `MapRunStatus` values AWS defines; unknown values from newer services are kept as they are.
public struct MapRunStatus: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static let running = MapRunStatus(rawValue: "RUNNING")
    public static let succeeded = MapRunStatus(rawValue: "SUCCEEDED")
    public static let failed = MapRunStatus(rawValue: "FAILED")
    public static let aborted = MapRunStatus(rawValue: "ABORTED")
    /// Every value AWS documents, in the order of the API reference.
    public static let allKnown: [MapRunStatus] = [.running, .succeeded, .failed, .aborted]
}

/// The counts of a Map Run's items or child workflow executions, by status (`MapRunItemCounts`,
/// `MapRunExecutionCounts`: the two shapes have the same members).
public struct MapRunCounts: StepFunctionsShape, Hashable {
    /// Not yet started.
    public var pending: Int
    /// Running.
    public var running: Int
    /// Succeeded.
    public var succeeded: Int
    /// Failed.
    public var failed: Int
    /// Timed out.
    public var timedOut: Int
    /// Aborted.
    public var aborted: Int
    /// All of them.
    public var total: Int
    /// How many results were written by `ResultWriter`.
    public var resultsWritten: Int
    /// Failures that cannot be redriven.
    public var failuresNotRedrivable: Int?
    /// Failures waiting for a redrive.
    public var pendingRedrive: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        pending: Int = 0, running: Int = 0, succeeded: Int = 0, failed: Int = 0, timedOut: Int = 0, aborted: Int = 0,
        total: Int = 0, resultsWritten: Int = 0, failuresNotRedrivable: Int? = nil, pendingRedrive: Int? = nil
    ) {
        self.pending = pending
        self.running = running
        self.succeeded = succeeded
        self.failed = failed
        self.timedOut = timedOut
        self.aborted = aborted
        self.total = total
        self.resultsWritten = resultsWritten
        self.failuresNotRedrivable = failuresNotRedrivable
        self.pendingRedrive = pendingRedrive
    }

    public static let requiredMembers: [String] = [
        "pending", "running", "succeeded", "failed", "timedOut", "aborted", "total", "resultsWritten",
    ]
}

/// The request of `DescribeMapRun`.
public struct DescribeMapRunInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies a Map Run.
    public var mapRunArn: String

    /// Creates the shape from its members.
    public init(mapRunArn: String) {
        self.mapRunArn = mapRunArn
    }

    public static let requiredMembers: [String] = ["mapRunArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.mapRunArn, at: path + "mapRunArn", min: 1, max: 2000)
    }
}

/// The response of `DescribeMapRun`.
public struct DescribeMapRunOutput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) that identifies a Map Run.
    public var mapRunArn: String
    /// The execution in which the Map Run was started.
    public var executionArn: String
    /// The current status of the Map Run.
    public var status: MapRunStatus
    /// When the Map Run was started.
    public var startDate: Date
    /// When the Map Run stopped.
    public var stopDate: Date?
    /// The most child workflow executions that run at the same time (0: as many as the engine allows).
    public var maxConcurrency: Int
    /// The percentage of failed items above which the Map Run fails.
    public var toleratedFailurePercentage: Double
    /// The number of failed items above which the Map Run fails.
    public var toleratedFailureCount: Int
    /// The items, by processing status.
    public var itemCounts: MapRunCounts
    /// The child workflow executions, by status.
    public var executionCounts: MapRunCounts
    /// How many times the Map Run was redriven.
    public var redriveCount: Int?
    /// When the Map Run was last redriven.
    public var redriveDate: Date?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        mapRunArn: String, executionArn: String, status: MapRunStatus, startDate: Date, stopDate: Date? = nil,
        maxConcurrency: Int, toleratedFailurePercentage: Double, toleratedFailureCount: Int, itemCounts: MapRunCounts,
        executionCounts: MapRunCounts, redriveCount: Int? = nil, redriveDate: Date? = nil
    ) {
        self.mapRunArn = mapRunArn
        self.executionArn = executionArn
        self.status = status
        self.startDate = startDate
        self.stopDate = stopDate
        self.maxConcurrency = maxConcurrency
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.toleratedFailureCount = toleratedFailureCount
        self.itemCounts = itemCounts
        self.executionCounts = executionCounts
        self.redriveCount = redriveCount
        self.redriveDate = redriveDate
    }

    public static let requiredMembers: [String] = [
        "mapRunArn", "executionArn", "status", "startDate", "maxConcurrency", "toleratedFailurePercentage",
        "toleratedFailureCount", "itemCounts", "executionCounts",
    ]
}

/// The request of `ListMapRuns`.
public struct ListMapRunsInput: StepFunctionsShape {
    /// The execution whose Map Runs are listed.
    public var executionArn: String
    /// The maximum number of results that are returned per call.
    public var maxResults: Int?
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(executionArn: String, maxResults: Int? = nil, nextToken: String? = nil) {
        self.executionArn = executionArn
        self.maxResults = maxResults
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = ["executionArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.executionArn, at: path + "executionArn", min: 1, max: 256)
        if let value = self.maxResults {
            violations.checkNumber(value, at: path + "maxResults", min: 0, max: 1000)
        }
        if let value = self.nextToken {
            violations.checkString(value, at: path + "nextToken", min: 1, max: 1024)
        }
    }
}

/// A Map Run in `ListMapRuns`.
public struct MapRunListItem: StepFunctionsShape, Hashable {
    /// The execution in which the Map Run was started.
    public var executionArn: String
    /// The Map Run.
    public var mapRunArn: String
    /// The state machine of the Map Run's child workflow executions (`stateMachine:<machine>/<label>`).
    public var stateMachineArn: String
    /// When the Map Run was started.
    public var startDate: Date
    /// When the Map Run stopped.
    public var stopDate: Date?

    /// Creates the shape from its members; optional members default to absent.
    public init(executionArn: String, mapRunArn: String, stateMachineArn: String, startDate: Date, stopDate: Date? = nil) {
        self.executionArn = executionArn
        self.mapRunArn = mapRunArn
        self.stateMachineArn = stateMachineArn
        self.startDate = startDate
        self.stopDate = stopDate
    }

    public static let requiredMembers: [String] = ["executionArn", "mapRunArn", "stateMachineArn", "startDate"]
}

/// The response of `ListMapRuns`.
public struct ListMapRunsOutput: StepFunctionsShape {
    /// The Map Runs, oldest first.
    public var mapRuns: [MapRunListItem]
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(mapRuns: [MapRunListItem], nextToken: String? = nil) {
        self.mapRuns = mapRuns
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = ["mapRuns"]
}

/// The request of `UpdateMapRun`.
public struct UpdateMapRunInput: StepFunctionsShape {
    /// The Map Run to update.
    public var mapRunArn: String
    /// The most child workflow executions that may run at the same time (0 to 10,000; 0: as many as allowed).
    public var maxConcurrency: Int?
    /// The percentage of failed items above which the Map Run fails (0 to 100).
    public var toleratedFailurePercentage: Double?
    /// The number of failed items above which the Map Run fails (0 or more).
    public var toleratedFailureCount: Int?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        mapRunArn: String, maxConcurrency: Int? = nil, toleratedFailurePercentage: Double? = nil,
        toleratedFailureCount: Int? = nil
    ) {
        self.mapRunArn = mapRunArn
        self.maxConcurrency = maxConcurrency
        self.toleratedFailurePercentage = toleratedFailurePercentage
        self.toleratedFailureCount = toleratedFailureCount
    }

    public static let requiredMembers: [String] = ["mapRunArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.mapRunArn, at: path + "mapRunArn", min: 1, max: 2000)
        if let value = self.maxConcurrency {
            violations.checkNumber(value, at: path + "maxConcurrency", min: 0)
        }
        if let value = self.toleratedFailurePercentage, !(0...100).contains(value) {
            violations.append(
                .init(
                    path: path + "toleratedFailurePercentage", value: .text("\(value)"),
                    constraint: value < 0
                        ? "Member must have value greater than or equal to 0" : "Member must have value less than or equal to 100"))
        }
        if let value = self.toleratedFailureCount {
            violations.checkNumber(value, at: path + "toleratedFailureCount", min: 0)
        }
    }
}

/// The response of `UpdateMapRun`.
public struct UpdateMapRunOutput: StepFunctionsShape {
    /// Creates the shape.
    public init() {}

    public static let requiredMembers: [String] = []
}

/// A Map Run ARN must name a Map Run (`arn:aws:states:REGION:ACCOUNT:mapRun:MACHINE/LABEL:ID`).
private func validateMapRunArn(_ arn: String) throws(StepFunctionsError) {
    guard case .mapRun = try ResourceARN(parsing: arn).resource else {
        throw StepFunctionsError(.invalidArn, "Invalid Arn: 'Resource type not valid in this context: mapRunArn'")
    }
}

extension DescribeMapRunInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        try validateMapRunArn(mapRunArn)
    }
}

extension ListMapRunsInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        _ = try ResourceARN.execution(parsing: executionArn)
    }
}

extension UpdateMapRunInput: StepFunctionsRequest {
    public func validateRequest() throws(StepFunctionsError) {
        try validateConstraints()
        try validateMapRunArn(mapRunArn)
        if maxConcurrency == nil, toleratedFailurePercentage == nil, toleratedFailureCount == nil {
            // AWS's wording is a guess: the API reference only says at least one is needed.
            throw StepFunctionsError(
                .validationException,
                "At least one of maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be specified")
        }
    }
}

extension StepFunctionsBackend {
    /// Refuses `DescribeMapRun` on a backend that has no Map Runs (test doubles); the engine and the client answer it.
    public func describeMapRun(_ input: DescribeMapRunInput) async throws -> DescribeMapRunOutput {
        throw StepFunctionsError(.unknownOperationException, "This backend does not support DescribeMapRun")
    }

    /// Refuses `ListMapRuns` on a backend that has no Map Runs (test doubles); the engine and the client answer it.
    public func listMapRuns(_ input: ListMapRunsInput) async throws -> ListMapRunsOutput {
        throw StepFunctionsError(.unknownOperationException, "This backend does not support ListMapRuns")
    }

    /// Refuses `UpdateMapRun` on a backend that has no Map Runs (test doubles); the engine and the client answer it.
    public func updateMapRun(_ input: UpdateMapRunInput) async throws -> UpdateMapRunOutput {
        throw StepFunctionsError(.unknownOperationException, "This backend does not support UpdateMapRun")
    }
}
