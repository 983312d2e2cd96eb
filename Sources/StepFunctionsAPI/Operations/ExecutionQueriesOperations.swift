// Generated from AWS Step Functions service model (API version 2016-11-23), formatted with swift-format and
// reviewed by hand. Member names are AWS wire names: do not rename them.
public import Foundation

/// The request of `ListExecutions`.
public struct ListExecutionsInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the state machine whose executions is listed.
    public var stateMachineArn: String?
    /// If specified, only list the executions whose current execution status matches the given filter.
    public var statusFilter: ExecutionStatus?
    /// The maximum number of results that are returned per call.
    public var maxResults: Int?
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?
    /// The Amazon Resource Name (ARN) of the Map Run that started the child workflow executions.
    public var mapRunArn: String?
    /// Sets a filter to list executions based on whether or not they have been redriven.
    public var redriveFilter: ExecutionRedriveFilter?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        stateMachineArn: String? = nil,
        statusFilter: ExecutionStatus? = nil,
        maxResults: Int? = nil,
        nextToken: String? = nil,
        mapRunArn: String? = nil,
        redriveFilter: ExecutionRedriveFilter? = nil
    ) {
        self.stateMachineArn = stateMachineArn
        self.statusFilter = statusFilter
        self.maxResults = maxResults
        self.nextToken = nextToken
        self.mapRunArn = mapRunArn
        self.redriveFilter = redriveFilter
    }

    public static let requiredMembers: [String] = []

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        if let value = self.stateMachineArn {
            violations.checkString(value, at: path + "stateMachineArn", min: 1, max: 256)
        }
        if let value = self.statusFilter {
            if !ExecutionStatus.allKnown.contains(value) {
                violations.append(.enumValue(value.rawValue, at: path + "statusFilter", allowed: ExecutionStatus.validationOrder.map(\.rawValue)))
            }
        }
        if let value = self.maxResults {
            violations.checkNumber(value, at: path + "maxResults", min: 0, max: 1000)
        }
        if let value = self.nextToken {
            violations.checkString(value, at: path + "nextToken", min: 1, max: 3096)
        }
        if let value = self.mapRunArn {
            violations.checkString(value, at: path + "mapRunArn", min: 1, max: 2000)
        }
        if let value = self.redriveFilter {
            if !ExecutionRedriveFilter.allKnown.contains(value) {
                violations.append(
                    .enumValue(value.rawValue, at: path + "redriveFilter", allowed: ExecutionRedriveFilter.validationOrder.map(\.rawValue)))
            }
        }
    }
}

/// The response of `ListExecutions`.
public struct ListExecutionsOutput: StepFunctionsShape {
    /// The list of matching executions.
    public var executions: [ExecutionListItem]
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        executions: [ExecutionListItem],
        nextToken: String? = nil
    ) {
        self.executions = executions
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = ["executions"]
}

/// The request of `GetExecutionHistory`.
public struct GetExecutionHistoryInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the execution.
    public var executionArn: String
    /// The maximum number of results that are returned per call.
    public var maxResults: Int?
    /// Lists events in descending order of their timeStamp .
    public var reverseOrder: Bool?
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?
    /// You can select whether execution data (input or output of a history event) is returned.
    public var includeExecutionData: Bool?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        executionArn: String,
        maxResults: Int? = nil,
        reverseOrder: Bool? = nil,
        nextToken: String? = nil,
        includeExecutionData: Bool? = nil
    ) {
        self.executionArn = executionArn
        self.maxResults = maxResults
        self.reverseOrder = reverseOrder
        self.nextToken = nextToken
        self.includeExecutionData = includeExecutionData
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

/// The response of `GetExecutionHistory`.
public struct GetExecutionHistoryOutput: StepFunctionsShape {
    /// The list of events that occurred in the execution.
    public var events: [HistoryEvent]
    /// If nextToken is returned, there are more results available.
    public var nextToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        events: [HistoryEvent],
        nextToken: String? = nil
    ) {
        self.events = events
        self.nextToken = nextToken
    }

    public static let requiredMembers: [String] = ["events"]
}

/// The request of `RedriveExecution`.
public struct RedriveExecutionInput: StepFunctionsShape {
    /// The Amazon Resource Name (ARN) of the execution to be redriven.
    public var executionArn: String
    /// A unique, case-sensitive identifier that you provide to ensure the idempotency of the request.
    public var clientToken: String?

    /// Creates the shape from its members; optional members default to absent.
    public init(
        executionArn: String,
        clientToken: String? = nil
    ) {
        self.executionArn = executionArn
        self.clientToken = clientToken
    }

    public static let requiredMembers: [String] = ["executionArn"]

    public func collectViolations(at path: String, into violations: inout [ConstraintViolation]) {
        violations.checkString(self.executionArn, at: path + "executionArn", min: 1, max: 256)
        if let value = self.clientToken {
            violations.checkString(value, at: path + "clientToken", min: 1, max: 64, pattern: #"[!-~]+"#)
        }
    }
}

/// The response of `RedriveExecution`.
public struct RedriveExecutionOutput: StepFunctionsShape {
    /// The date the execution was last redriven.
    public var redriveDate: Date

    /// Creates the shape from its members; optional members default to absent.
    public init(
        redriveDate: Date
    ) {
        self.redriveDate = redriveDate
    }

    public static let requiredMembers: [String] = ["redriveDate"]
}
