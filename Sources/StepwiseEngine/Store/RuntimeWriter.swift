import Foundation
import OrderedCollections
import StatesLanguage

/// Writes the saved state of an execution that runs states and tasks (no Map or Parallel children, no child
/// execution) straight to JSON text: the same bytes ``RuntimeEncoding``'s `Codable` tree writes for it, in 4 µs where
/// the tree takes 15 µs (a one-frame state, in a loop; 35–43 µs on a round trip's first commit). Every start and every
/// transition that leaves an execution running has its state encoded before its commit, on the thread every commit
/// waits for.
///
/// The text is what the synthesized `Encodable` conformances write: members in declaration order, a `nil` optional
/// left out, `Date` as seconds since 2001, an `[Int: Frame]` as an object keyed by the numbers, a `JSONObject` as an
/// array of keys and values, `Waiting` as `{"case": {"_0": value}}`. `RuntimeEncodingTests` compares the two writers
/// byte for byte.
///
/// Returns nil for anything else, and for a value that the tree might refuse (a number that is not finite, a JSON
/// value nested near ``JSONValue/maximumCodableDepth``): the tree then writes it, or refuses it with its own error.
enum RuntimeWriter {
    static func write(_ runtime: ExecutionRuntime) -> [UInt8]? {
        // Looked for first: a Map's or Parallel's runtime has many frames, none of which should be written twice.
        let withChildren = runtime.frames.values.contains { frame in
            if frame.childExecution != nil { return true }
            if case .children = frame.waiting { return true }
            return false
        }
        guard !withChildren else { return nil }
        var writer = Writer()
        writer.output.reserveCapacity(1024)
        return writer.runtime(runtime) ? writer.output : nil
    }

    private struct Writer {
        var output: [UInt8] = []

        /// Levels of coding path a JSON value may sit under here and still be far from the tree's limit (the deepest
        /// value written here, a task's parameters, sits under six).
        static let pathMargin = 8

        mutating func runtime(_ runtime: ExecutionRuntime) -> Bool {
            guard runtime.startTime.timeIntervalSinceReferenceDate.isFinite else { return false }
            open()
            member("executionArn", first: true)
            string(runtime.executionArn)
            member("executionName")
            string(runtime.executionName)
            member("stateMachineArn")
            string(runtime.stateMachineArn)
            member("stateMachineName")
            string(runtime.stateMachineName)
            member("roleArn")
            string(runtime.roleArn)
            member("startTime")
            date(runtime.startTime)
            member("nextEventId")
            int(runtime.nextEventId)
            member("frames")
            open()
            var firstFrame = true
            for (id, frame) in runtime.frames {
                member(String(id), first: firstFrame)
                firstFrame = false
                guard self.frame(frame) else { return false }
            }
            close()
            member("nextFrameId")
            int(runtime.nextFrameId)
            member("nextSequence")
            int(runtime.nextSequence)
            optional("maxDurationSeconds", runtime.maxDurationSeconds) { $0.int($1) }
            optional("executionTimer", runtime.executionTimer) { $0.string($1) }
            optional("versionArn", runtime.versionArn) { $0.string($1) }
            optional("aliasArn", runtime.aliasArn) { $0.string($1) }
            optional("synchronous", runtime.synchronous) { $0.bool($1) }
            close()
            return true
        }

        private mutating func frame(_ frame: Frame) -> Bool {
            guard frame.enteredTime.timeIntervalSinceReferenceDate.isFinite,
                Self.safe(frame.stateInput), frame.mapItem.map(Self.safe) ?? true,
                frame.variables.values.allSatisfy(Self.safe)
            else { return false }
            open()
            member("id", first: true)
            int(frame.id)
            optional("parentId", frame.parentId) { $0.int($1) }
            member("path")
            output.append(UInt8(ascii: "["))
            for (position, step) in frame.path.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                open()
                member("state", first: true)
                string(step.state)
                member("branch")
                int(step.branch)
                close()
            }
            output.append(UInt8(ascii: "]"))
            member("index")
            int(frame.index)
            optional("mapItem", frame.mapItem) { $0.json($1) }
            member("variables")
            output.append(UInt8(ascii: "["))
            for (position, (key, value)) in frame.variables.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                string(key)
                output.append(UInt8(ascii: ","))
                json(value)
            }
            output.append(UInt8(ascii: "]"))
            member("inheritsVariables")
            bool(frame.inheritsVariables)
            member("lastEventId")
            int(frame.lastEventId)
            member("stateName")
            string(frame.stateName)
            member("stateInput")
            json(frame.stateInput)
            optional("inputText", frame.inputText) { $0.string($1) }
            member("enteredTime")
            date(frame.enteredTime)
            optional("enteredEventId", frame.enteredEventId) { $0.int($1) }
            member("retryCount")
            int(frame.retryCount)
            member("retrierAttempts")
            output.append(UInt8(ascii: "["))
            for (position, attempts) in frame.retrierAttempts.enumerated() {
                if position > 0 { output.append(UInt8(ascii: ",")) }
                int(attempts)
            }
            output.append(UInt8(ascii: "]"))
            member("waiting")
            guard waiting(frame.waiting) else { return false }
            optional("detached", frame.detached) { $0.bool($1) }
            close()
            return true
        }

        private mutating func waiting(_ waiting: Waiting) -> Bool {
            open()
            switch waiting {
            case .nothing:
                member("nothing", first: true)
                open()
                close()
            case .task(let task):
                member("task", first: true)
                open()
                member("_0", first: true)
                open()
                member("token", first: true)
                string(task.token)
                member("resource")
                string(task.resource)
                member("isActivity")
                bool(task.isActivity)
                optional("timeoutTimer", task.timeoutTimer) { $0.string($1) }
                optional("heartbeatTimer", task.heartbeatTimer) { $0.string($1) }
                optional("heartbeatSeconds", task.heartbeatSeconds) { $0.int($1) }
                member("started")
                bool(task.started)
                optional("submitted", task.submitted) { $0.bool($1) }
                close()
                close()
            case .waitTimer(let id):
                timer("waitTimer", id)
            case .retryTimer(let id):
                timer("retryTimer", id)
            case .children:
                return false  // Left to the tree (see `write(_:)`).
            }
            close()
            return true
        }

        private mutating func timer(_ name: String, _ id: String) {
            member(name, first: true)
            open()
            member("_0", first: true)
            string(id)
            close()
        }

        private mutating func open() { output.append(UInt8(ascii: "{")) }
        private mutating func close() { output.append(UInt8(ascii: "}")) }

        /// A member's key: one of the names above or a frame's number, none of which needs escaping.
        private mutating func member(_ key: String, first: Bool = false) {
            if !first { output.append(UInt8(ascii: ",")) }
            output.append(UInt8(ascii: "\""))
            output.append(contentsOf: key.utf8)
            output.append(UInt8(ascii: "\""))
            output.append(UInt8(ascii: ":"))
        }

        private mutating func optional<T>(_ key: String, _ value: T?, _ write: (inout Writer, T) -> Void) {
            guard let value else { return }
            member(key)
            write(&self, value)
        }

        private mutating func string(_ value: String) { JSONValue.writeString(value, to: &output) }
        private mutating func int(_ value: Int) { output.append(contentsOf: String(value).utf8) }
        private mutating func bool(_ value: Bool) { output.append(contentsOf: (value ? "true" : "false").utf8) }
        private mutating func date(_ value: Date) {
            output.append(contentsOf: JSONValue.format(value.timeIntervalSinceReferenceDate).utf8)
        }
        private mutating func json(_ value: JSONValue) { value.write(to: &output, options: .compact, level: 0) }

        /// Whether the tree would write `value` without refusing it, with room to spare: every number finite, and
        /// nesting well inside ``JSONValue/maximumCodableDepth``.
        static func safe(_ value: JSONValue) -> Bool {
            switch value {
            case .object, .array: break
            case .double(let number): return number.isFinite
            default: return true
            }
            let limit = JSONValue.maximumCodableDepth - pathMargin
            var stack: [(JSONValue, Int)] = [(value, 0)]
            while let (value, depth) = stack.popLast() {
                switch value {
                case .double(let number) where !number.isFinite:
                    return false
                case .array(let elements):
                    guard depth < limit else { return false }
                    for element in elements { stack.append((element, depth + 1)) }
                case .object(let object):
                    guard depth < limit else { return false }
                    for member in object.values { stack.append((member, depth + 1)) }
                default:
                    break
                }
            }
            return true
        }
    }
}
