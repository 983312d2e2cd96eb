/// A Step Functions Amazon Resource Name: `arn:aws:states:<region>:<account>:<type>:<parts...>`.
///
/// ```swift
/// let arn = try ResourceARN(parsing: "arn:aws:states:us-east-1:123456789012:execution:Orders:run-1")
/// arn.resource  // .execution(stateMachineName: "Orders", name: "run-1")
/// ```
public struct ResourceARN: Sendable, Hashable, CustomStringConvertible {
    /// `aws`, `aws-cn`, `aws-us-gov`, ...
    public var partition: String
    /// The region, such as `us-east-1`.
    public var region: String
    /// The 12-digit account id.
    public var account: String
    /// What the ARN names.
    public var resource: Resource

    /// The resources Step Functions names with ARNs.
    public enum Resource: Sendable, Hashable {
        /// `stateMachine:<name>`, or a version/alias ARN `stateMachine:<name>:<qualifier>`.
        case stateMachine(name: String, qualifier: String?)
        /// `execution:<stateMachineName>:<name>` (a Standard execution).
        case execution(stateMachineName: String, name: String)
        /// `express:<stateMachineName>:<name>:<id>` (an Express execution).
        case expressExecution(stateMachineName: String, name: String, id: String)
        /// `activity:<name>`.
        case activity(name: String)
        /// `mapRun:<stateMachineName>/<label>:<id>`.
        case mapRun(stateMachineName: String, label: String, id: String)

        /// The resource type as it appears in the ARN.
        public var typeName: String {
            switch self {
            case .stateMachine: "stateMachine"
            case .execution: "execution"
            case .expressExecution: "express"
            case .activity: "activity"
            case .mapRun: "mapRun"
            }
        }
    }

    /// Creates an ARN from its parts.
    public init(partition: String = "aws", region: String, account: String, resource: Resource) {
        self.partition = partition
        self.region = region
        self.account = account
        self.resource = resource
    }

    /// A state machine's ARN.
    public static func stateMachine(_ name: String, region: String, account: String) -> ResourceARN {
        ResourceARN(region: region, account: account, resource: .stateMachine(name: name, qualifier: nil))
    }

    /// An execution's ARN, derived from its state machine's ARN as AWS derives it.
    public static func execution(_ name: String, of stateMachine: ResourceARN) -> ResourceARN {
        var arn = stateMachine
        arn.resource = .execution(stateMachineName: stateMachine.stateMachineName ?? "", name: name)
        return arn
    }

    /// An Express execution's ARN (`express:<machine>:<name>:<id>`), derived from its state machine's ARN.
    public static func expressExecution(_ name: String, id: String, of stateMachine: ResourceARN) -> ResourceARN {
        var arn = stateMachine
        arn.resource = .expressExecution(stateMachineName: stateMachine.stateMachineName ?? "", name: name, id: id)
        return arn
    }

    /// An activity's ARN.
    public static func activity(_ name: String, region: String, account: String) -> ResourceARN {
        ResourceARN(region: region, account: account, resource: .activity(name: name))
    }

    /// The state machine this ARN belongs to (a state machine, an execution or a Map Run), if any.
    public var stateMachineName: String? {
        switch resource {
        case .stateMachine(let name, _): name
        case .execution(let name, _), .expressExecution(let name, _, _), .mapRun(let name, _, _): name
        case .activity: nil
        }
    }

    /// The ARN of the state machine this ARN belongs to (unqualified), if any.
    public var stateMachineARN: ResourceARN? {
        stateMachineName.map {
            ResourceARN(partition: partition, region: region, account: account, resource: .stateMachine(name: $0, qualifier: nil))
        }
    }

    public var description: String {
        let tail =
            switch resource {
            case .stateMachine(let name, let qualifier): qualifier.map { "\(name):\($0)" } ?? name
            case .execution(let machine, let name): "\(machine):\(name)"
            case .expressExecution(let machine, let name, let id): "\(machine):\(name):\(id)"
            case .activity(let name): name
            case .mapRun(let machine, let label, let id): "\(machine)/\(label):\(id)"
            }
        return "arn:\(partition):states:\(region):\(account):\(resource.typeName):\(tail)"
    }

    /// Parses any Step Functions ARN; throws AWS's `InvalidArn` (`Invalid Arn: '<reason>'`).
    public init(parsing text: String) throws(StepFunctionsError) {
        let parts = text.arnFields.map(String.init)
        guard parts.count >= 7, parts[0] == "arn", !parts[1].isEmpty else {
            throw Self.invalid("Invalid ARN prefix: \(text)")
        }
        guard parts[2] == "states" else { throw Self.invalid("Invalid ARN prefix: \(text)") }
        guard !parts[3].isEmpty else { throw Self.invalid("Invalid region in ARN: \(text)") }
        guard parts[4].count == 12, parts[4].allSatisfy(\.isASCIIDigit) else {
            throw Self.invalid("Invalid account id in ARN: \(text)")
        }
        let rest = Array(parts[6...])
        guard rest.allSatisfy({ !$0.isEmpty }) else { throw Self.invalid("Invalid resource name in ARN: \(text)") }
        let resource: Resource
        switch (parts[5], rest.count) {
        case ("stateMachine", 1): resource = .stateMachine(name: rest[0], qualifier: nil)
        case ("stateMachine", 2): resource = .stateMachine(name: rest[0], qualifier: rest[1])
        case ("execution", 2): resource = .execution(stateMachineName: rest[0], name: rest[1])
        case ("express", 3): resource = .expressExecution(stateMachineName: rest[0], name: rest[1], id: rest[2])
        case ("activity", 1): resource = .activity(name: rest[0])
        case ("mapRun", 2):
            guard let slash = rest[0].firstIndex(of: "/") else { throw Self.invalid("Invalid resource name in ARN: \(text)") }
            resource = .mapRun(
                stateMachineName: String(rest[0][..<slash]), label: String(rest[0][rest[0].index(after: slash)...]), id: rest[1])
        case ("stateMachine", _), ("execution", _), ("express", _), ("activity", _), ("mapRun", _):
            throw Self.invalid("Invalid resource name in ARN: \(text)")
        default:
            throw Self.invalid("Resource type not valid in this context: \(parts[5])")
        }
        self.init(partition: parts[1], region: parts[3], account: parts[4], resource: resource)
    }

    /// Parses an ARN that must name a state machine (unqualified unless `allowQualified`).
    public static func stateMachine(parsing text: String, allowQualified: Bool = false) throws(StepFunctionsError) -> ResourceARN {
        let arn = try ResourceARN(parsing: text)
        guard case .stateMachine(_, let qualifier) = arn.resource, allowQualified || qualifier == nil else {
            throw invalid("Resource type not valid in this context: \(arn.resource.typeName)")
        }
        return arn
    }

    /// Parses an ARN that must name an execution (Standard or Express).
    public static func execution(parsing text: String) throws(StepFunctionsError) -> ResourceARN {
        let arn = try ResourceARN(parsing: text)
        switch arn.resource {
        case .execution, .expressExecution: return arn
        default: throw invalid("Resource type not valid in this context: \(arn.resource.typeName)")
        }
    }

    /// Parses an ARN that must name an activity.
    public static func activity(parsing text: String) throws(StepFunctionsError) -> ResourceARN {
        let arn = try ResourceARN(parsing: text)
        guard case .activity = arn.resource else {
            throw invalid("Resource type not valid in this context: \(arn.resource.typeName)")
        }
        return arn
    }

    /// Parses an ARN that can carry tags: a state machine (unqualified) or an activity. A version or alias ARN is
    /// `ResourceNotFound`, as AWS answers it (they carry no tags of their own).
    public static func taggable(parsing text: String) throws(StepFunctionsError) -> ResourceARN {
        let arn = try ResourceARN(parsing: text)
        switch arn.resource {
        case .stateMachine(_, nil), .activity: return arn
        case .stateMachine: throw .resourceNotFound(text)
        default: throw invalid("Resource type not valid in this context: \(arn.resource.typeName)")
        }
    }

    private static func invalid(_ reason: String) -> StepFunctionsError {
        StepFunctionsError(.invalidArn, "Invalid Arn: '\(reason)'")
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    /// The `:`-separated fields of an ARN, empty ones kept, found by its bytes: splitting by `Character` walks grapheme
    /// clusters, several times slower, and the engine splits ARNs on the path of every task scheduled and every start.
    package var arnFields: [Substring] {
        utf8.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false).map { Substring($0) }
    }
}
