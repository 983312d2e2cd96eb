import Foundation
import Synchronization

extension LocalLambda {
    /// How an invocation ended.
    enum Outcome: Sendable {
        case response([UInt8], cold: Bool)
        case functionError([UInt8], cold: Bool)
        case failed(LocalLambdaError)
    }

    /// What `next` hands a process.
    struct NextInvocation: Sendable {
        var requestId: String
        var payload: [UInt8]
        var deadlineMilliseconds: Int64
        var functionArn: String
    }

    struct Pending {
        var name: String
        var payload: [UInt8]
        /// When the invocation was made, and the function's timeout then.
        var invoked: ContinuousClock.Instant
        var timeout: Duration
        /// When a process took it (its Invoke phase began).
        var delivered: ContinuousClock.Instant?
        var continuation: CheckedContinuation<Outcome?, Never>
        var instance: Int?
        var cold = false
        /// The log of the process that took it.
        var capture: LogCapture?
    }

    struct Instance {
        var function: String
        /// The process's id once started (the `Process` object is kept alive in ``ProcessBox``).
        var pid: Int32?
        var box: ProcessBox?
        /// A parked `next` call.
        var waiting: CheckedContinuation<NextInvocation?, Never>?
        /// The invocation it is running.
        var current: String?
        /// The invocation whose arrival started it (failed if the process dies before taking one).
        var startedFor: String?
        var tookOne = false
        /// Its output, captured per invocation.
        var capture: LogCapture?
    }

    struct FunctionState {
        var function: LocalFunction
        /// Invocations not yet taken by a process, oldest first.
        var queue: [String] = []
        var inFlight = 0
        var invocations = 0
        var coldStarts = 0
        var eventsSucceeded = 0
        var eventsDropped = 0

        init(function: LocalFunction) { self.function = function }
    }

    struct State {
        var functions: [String: FunctionState] = [:]
        var instances: [Int: Instance] = [:]
        var pending: [String: Pending] = [:]
        var nextInstance = 1
        var port: Int?
        var portWaiters: [CheckedContinuation<Int, Never>] = []
        var stopped = false
        /// Asynchronous (`Event`) invocations queued or being retried, by request id.
        var events: [String: QueuedEvent] = [:]
        /// The logs of ended invocations until ``LocalLambda/invoke(functionName:payload:)`` takes them.
        var logs: [String: [UInt8]] = [:]
    }

    private enum Action {
        case none
        case fail(LocalLambdaError)
        case deliver(CheckedContinuation<NextInvocation?, Never>, NextInvocation, LogCapture?)
        case spawn(Int, LocalFunction, Int)
    }

    /// Queues an invocation, hands it to an idle process or starts one, and waits for its outcome.
    func enqueue(id: String, name: String, payload: [UInt8], invoked: ContinuousClock.Instant) async -> Outcome? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Outcome?, Never>) in
            let action: Action = state.withLock { state in
                guard var entry = state.functions[name] else { return .fail(.notFound(name, account: account, region: region)) }
                // Before the Runtime API listens (a server starting up), invocations queue; they start once it does.
                guard !state.stopped else {
                    return .fail(LocalLambdaError(code: "ServiceException", message: "The local Lambda is not running.", httpStatus: 500))
                }
                let port = state.port
                let limit = entry.function.reservedConcurrency ?? Self.maxInstances
                guard entry.inFlight < limit else { return .fail(.throttled) }
                entry.inFlight += 1
                entry.invocations += 1
                var pending = Pending(
                    name: name, payload: payload, invoked: invoked, timeout: .seconds(entry.function.timeoutSeconds),
                    continuation: continuation)
                if let (iid, idle) = state.instances.first(where: { $0.value.function == name && $0.value.waiting != nil }),
                    let waiter = idle.waiting
                {
                    state.instances[iid]?.waiting = nil
                    state.instances[iid]?.current = id
                    state.instances[iid]?.tookOne = true
                    pending.instance = iid
                    pending.capture = idle.capture
                    pending.delivered = .now
                    state.pending[id] = pending
                    state.functions[name] = entry
                    return .deliver(waiter, nextInvocation(id, pending), idle.capture)
                }
                entry.queue.append(id)
                let running = state.instances.values.filter { $0.function == name }.count
                if running < entry.inFlight, let port {
                    entry.coldStarts += 1
                    pending.cold = true
                    let iid = state.nextInstance
                    state.nextInstance += 1
                    state.instances[iid] = Instance(function: name, startedFor: id)
                    state.pending[id] = pending
                    state.functions[name] = entry
                    return .spawn(iid, entry.function, port)
                }
                state.pending[id] = pending
                state.functions[name] = entry
                return .none
            }
            switch action {
            case .none: break
            case .fail(let error): continuation.resume(returning: .failed(error))
            case .deliver(let waiter, let next, let capture):
                capture?.begin(next.requestId)
                waiter.resume(returning: next)
            case .spawn(let iid, let function, let port): start(instance: iid, function: function, port: port)
            }
        }
    }

    /// What a process that takes `pending` (delivered) is given; its deadline header is ``deadline(of:)``'s, in
    /// milliseconds since the epoch.
    func nextInvocation(_ id: String, _ pending: Pending) -> NextInvocation {
        let remaining = ContinuousClock.now.duration(to: deadline(of: pending))
        let milliseconds = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
        return NextInvocation(
            requestId: id, payload: pending.payload,
            deadlineMilliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded()) + milliseconds,
            functionArn: arn(of: pending.name))
    }

    /// When an invocation times out. As on Lambda, the function's timeout counts from when a process takes the
    /// invocation (its Invoke phase); a cold start's Init phase before that has a limit of its own (``initTimeout``,
    /// 10 seconds). An Init that runs longer counts within the timeout: Lambda then runs Init again as part of the
    /// invocation, within the function's timeout (here the process goes on initialising, not started again).
    func deadline(of pending: Pending) -> ContinuousClock.Instant {
        let initLimit = pending.invoked.advanced(by: initTimeout)
        return min(pending.delivered ?? initLimit, initLimit).advanced(by: pending.timeout)
    }

    /// The deadline of the pending invocation `id`; nil once it ended (or before it is queued).
    func deadline(of id: String) -> ContinuousClock.Instant? {
        state.withLock { state in state.pending[id].map { deadline(of: $0) } }
    }

    /// A process asks for its next invocation: one queued for its function, or it waits. Nil when the process is
    /// unknown or the local Lambda stops.
    func next(instance iid: Int) async -> NextInvocation? {
        await withCheckedContinuation { (continuation: CheckedContinuation<NextInvocation?, Never>) in
            var capture: LogCapture?
            let answer: NextInvocation?? = state.withLock { state in
                guard let instance = state.instances[iid], !state.stopped, instance.waiting == nil else { return .some(nil) }
                if let current = instance.current, state.pending[current] != nil {
                    // Asked again without answering: the invocation it held gets no answer from it.
                    return .some(nil)
                }
                state.instances[iid]?.current = nil
                guard var entry = state.functions[instance.function] else { return .some(nil) }
                while !entry.queue.isEmpty {
                    let id = entry.queue.removeFirst()
                    guard var pending = state.pending[id] else { continue }
                    pending.instance = iid
                    pending.capture = instance.capture
                    pending.delivered = .now
                    capture = instance.capture
                    state.pending[id] = pending
                    state.instances[iid]?.current = id
                    state.instances[iid]?.tookOne = true
                    state.functions[instance.function] = entry
                    return .some(nextInvocation(id, pending))
                }
                state.functions[instance.function] = entry
                state.instances[iid]?.waiting = continuation
                return nil
            }
            if let answer {
                if let capture, let id = answer?.requestId { capture.begin(id) }
                continuation.resume(returning: answer)
            }
        }
    }

    /// A process answers its invocation (`response`, or `error` with the document it posted). False when the request
    /// id is not the one this process holds.
    func answer(instance iid: Int, requestId: String, error: Bool, body: [UInt8], errorType: String?) -> Bool {
        let holds = state.withLock { state in state.pending[requestId]?.instance == iid }
        guard holds else { return false }
        let cold = state.withLock { $0.pending[requestId]?.cold ?? false }
        if !error {
            guard body.count <= Self.maxPayloadBytes else {
                finish(
                    requestId,
                    .functionError(
                        Self.errorDocument(
                            "Function.ResponseSizeTooLarge",
                            "Response payload size (\(body.count) bytes) exceeded maximum allowed payload size (6291556 bytes)."),
                        cold: cold))
                return true
            }
            finish(requestId, .response(body, cold: cold))
            return true
        }
        var document = taskRootShown(in: body, instance: iid)
        let parsed = (try? JSONSerialization.jsonObject(with: Data(document))) as? [String: Any]
        if parsed?["errorType"] == nil {
            document = Self.errorDocument(errorType ?? "Unhandled", String(decoding: document, as: UTF8.self))
        }
        finish(requestId, .functionError(document, cold: cold))
        return true
    }

    /// An error document with the function's code directory written as Lambda's, `/var/task`: a Python function's
    /// stack trace names `/var/task/handler.py` on AWS ("  File \"/var/task/handler.py\", line 2, in handler", LocalStack's
    /// test_lambda_task snapshots, recorded against AWS), where the runtime here saw the directory it was unpacked in.
    func taskRootShown(in document: [UInt8], instance iid: Int) -> [UInt8] {
        let directory: String? = state.withLock { state in
            state.instances[iid].flatMap { state.functions[$0.function]?.function.workingDirectory }
        }
        guard let directory, !directory.isEmpty, directory != "/var/task" else { return document }
        let root = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        let text = String(decoding: document, as: UTF8.self)
        guard text.contains(root + "/") else { return document }
        return Array(text.replacingOccurrences(of: root + "/", with: "/var/task/").utf8)
    }

    /// A process reports an init error: the invocation it was started for (or holds) fails with it, and the process
    /// is stopped.
    func initError(instance iid: Int, body: [UInt8], errorType: String?) {
        let (target, pid): (String?, Int32?) = state.withLock { state in
            let instance = state.instances[iid]
            return (instance?.current ?? instance?.startedFor, instance?.pid)
        }
        let shown = taskRootShown(in: body, instance: iid)
        let parsed = (try? JSONSerialization.jsonObject(with: Data(shown))) as? [String: Any]
        let document = parsed?["errorType"] == nil ? Self.errorDocument(errorType ?? "Runtime.Unknown", String(decoding: shown, as: UTF8.self)) : shown
        if let target { finish(target, .functionError(document, cold: true)) }
        if let pid { killProcessGroup(pid) }
    }

    /// Ends an invocation once: its continuation is resumed with `outcome`.
    func finish(_ id: String, _ outcome: Outcome) {
        let ended: (CheckedContinuation<Outcome?, Never>, LogCapture?, Int)? = state.withLock { state in
            guard let pending = state.pending.removeValue(forKey: id) else { return nil }
            let memorySize = state.functions[pending.name]?.function.memorySize ?? 128
            if var entry = state.functions[pending.name] {
                entry.inFlight -= 1
                entry.queue.removeAll { $0 == id }
                state.functions[pending.name] = entry
            }
            if let iid = pending.instance, state.instances[iid]?.current == id { state.instances[iid]?.current = nil }
            return (pending.continuation, pending.capture, memorySize)
        }
        guard let (continuation, capture, memorySize) = ended else { return }
        var cold = false
        if case .response(_, let wasCold) = outcome { cold = wasCold }
        if case .functionError(_, let wasCold) = outcome { cold = wasCold }
        if let capture, let log = capture.end(id, memorySize: memorySize, cold: cold) {
            state.withLock { $0.logs[id] = log }
        }
        continuation.resume(returning: outcome)
    }

    /// The log of an ended invocation (taken once).
    func takeLog(_ id: String) -> [UInt8]? { state.withLock { $0.logs.removeValue(forKey: id) } }

    /// The invocation ran out of time: its process is stopped, and it fails as Lambda reports a timed-out function.
    func timedOut(id: String, seconds: Int) {
        let (pid, cold): (Int32?, Bool) = state.withLock { state in
            guard let pending = state.pending[id] else { return (nil, false) }
            // The process is gone from now on: the next invocation starts another, without waiting for its exit.
            let pid = pending.instance.flatMap { state.instances.removeValue(forKey: $0)?.pid }
            return (pid, pending.cold)
        }
        finish(id, .functionError(Self.errorDocument("Sandbox.Timedout", "RequestId: \(id) Error: Task timed out after \(seconds).00 seconds"), cold: cold))
        if let pid { killProcessGroup(pid) }
    }

    /// A process ended: the invocation it held (or was started for and never took) fails.
    func exited(instance iid: Int, status: Int32, signaled: Bool) {
        let (held, waiter, cold, function, capture): (String?, CheckedContinuation<NextInvocation?, Never>?, Bool, String?, LogCapture?) = state.withLock { state in
            guard let instance = state.instances.removeValue(forKey: iid) else { return (nil, nil, false, nil, nil) }
            let held = instance.current ?? (instance.tookOne ? nil : instance.startedFor)
            return (held, instance.waiting, held.flatMap { state.pending[$0]?.cold } ?? false, instance.function, instance.capture)
        }
        defer { capture?.stop() }
        waiter?.resume(returning: nil)
        if let held {
            let how = signaled ? "signal: \(status == SIGKILL ? "killed" : "\(status)")" : "exit status \(status)"
            finish(held, .functionError(Self.errorDocument("Runtime.ExitError", "RequestId: \(held) Error: Runtime exited with error: \(how)"), cold: cold))
        }
        if let function { replaceInstances(of: function) }
    }

    /// Starts processes for queued invocations that no running process will take (after one ended).
    func replaceInstances(of name: String) {
        let spawns: [(Int, LocalFunction, Int)] = state.withLock { state in
            guard var entry = state.functions[name], let port = state.port, !state.stopped else { return [] }
            var spawns: [(Int, LocalFunction, Int)] = []
            var running = state.instances.values.filter { $0.function == name }.count
            for id in entry.queue where running < entry.inFlight {
                let iid = state.nextInstance
                state.nextInstance += 1
                state.instances[iid] = Instance(function: name, startedFor: id)
                state.pending[id]?.cold = true
                entry.coldStarts += 1
                running += 1
                spawns.append((iid, entry.function, port))
            }
            state.functions[name] = entry
            return spawns
        }
        for (iid, function, port) in spawns { start(instance: iid, function: function, port: port) }
    }

    /// Starts a function's process with the Runtime API's environment and its memory limit.
    func start(instance iid: Int, function: LocalFunction, port: Int) {
        guard let executable = function.command.first else {
            exited(instance: iid, status: 127, signaled: false)
            return
        }
        if executable.contains("/"), !FileManager.default.isExecutableFile(atPath: executable) {
            // A package without an executable bootstrap: the invocation fails as Lambda reports it.
            failStart(
                instance: iid, "Runtime.InvalidEntrypoint",
                "Couldn't find valid bootstrap(s): [\(executable)]")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The data segment is limited to the function's memory (RLIMIT_DATA, in KB), then the command replaces the shell.
        process.arguments = ["-c", "ulimit -d \(function.memorySize * 1024) 2>/dev/null; exec \"$0\" \"$@\"", executable]
            + function.command.dropFirst()
        var environment = function.environment
        let inherited = ProcessInfo.processInfo.environment
        for key in ["PATH", "LANG", "HOME", "TMPDIR"] { if let value = inherited[key] { environment[key] = value } }
        environment["AWS_LAMBDA_RUNTIME_API"] = "127.0.0.1:\(port)/i/\(iid)"
        environment["_HANDLER"] = function.handler
        environment["AWS_LAMBDA_FUNCTION_NAME"] = function.name
        environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = String(function.memorySize)
        environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST"
        environment["AWS_REGION"] = region
        environment["AWS_DEFAULT_REGION"] = region
        if let directory = function.workingDirectory {
            environment["LAMBDA_TASK_ROOT"] = directory
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
        }
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        // Standard output and standard error share one pipe (their order is kept), read per invocation.
        var ends: [Int32] = [-1, -1]
        var writer: FileHandle?
        var capture: LogCapture?
        if pipe(&ends) == 0 {
            // Neither end leaks into other processes (the child gets its own copies as its fds 1 and 2).
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
            let handle = FileHandle(fileDescriptor: ends[1], closeOnDealloc: true)
            writer = handle
            capture = LogCapture(descriptor: ends[0])
            process.standardOutput = handle
            process.standardError = handle
            // Stored before the process starts: its first `next` finds it.
            state.withLock { $0.instances[iid]?.capture = capture }
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.standardError
        }
        process.terminationHandler = { [weak self] ended in
            self?.exited(instance: iid, status: ended.terminationStatus, signaled: ended.terminationReason == .uncaughtSignal)
        }
        do {
            try process.run()
        } catch {
            try? writer?.close()
            capture?.stop()
            exited(instance: iid, status: 127, signaled: false)
            return
        }
        // The child has its copies; this process keeps only the read end.
        try? writer?.close()
        let pid = process.processIdentifier
        capture?.started(pid: pid)
        let box = ProcessBox(process)
        let stopped = state.withLock { state -> Bool in
            state.instances[iid]?.pid = pid
            state.instances[iid]?.box = box
            return state.stopped || state.instances[iid] == nil
        }
        if stopped { killProcessGroup(pid) }
    }

    /// A process that could not start: the invocation it was started for fails with `errorType`.
    func failStart(instance iid: Int, _ errorType: String, _ message: String) {
        let (held, function): (String?, String?) = state.withLock { state in
            guard let instance = state.instances.removeValue(forKey: iid) else { return (nil, nil) }
            return (instance.startedFor, instance.function)
        }
        if let held {
            finish(held, .functionError(Self.errorDocument(errorType, "RequestId: \(held) Error: \(message)"), cold: true))
        }
        if let function { replaceInstances(of: function) }
    }

    /// Stops everything: pending invocations fail, parked processes are released and every process is killed.
    public func stopAll() {
        let (pending, waiters, pids, portWaiters): ([String], [CheckedContinuation<NextInvocation?, Never>], [Int32], [CheckedContinuation<Int, Never>]) = state.withLock { state in
            state.stopped = true
            state.port = nil
            let portWaiters = state.portWaiters
            state.portWaiters.removeAll()
            let waiters = state.instances.values.compactMap(\.waiting)
            for key in state.instances.keys { state.instances[key]?.waiting = nil }
            return (Array(state.pending.keys), waiters, state.instances.values.compactMap(\.pid), portWaiters)
        }
        // Callers waiting for the port of a server that never listened get 0 (invocations then fail at once).
        for waiter in portWaiters { waiter.resume(returning: 0) }
        for waiter in waiters { waiter.resume(returning: nil) }
        for id in pending {
            finish(id, .failed(LocalLambdaError(code: "ServiceException", message: "The local Lambda stopped.", httpStatus: 500)))
        }
        for pid in pids { killProcessGroup(pid) }
        cancelEvents()
    }
}

/// Kills a function's process and whatever it started: Foundation's `Process` puts the child in a process group of its
/// own (its id is the child's), so a bootstrap run through a shell (`--function NAME='python3 app.py'`) or one that
/// forks is killed whole, not only the shell, whose children went on running. Falls back to the process alone where
/// the child leads no group.
func killProcessGroup(_ pid: Int32) {
    if kill(-pid, SIGKILL) != 0 { kill(pid, SIGKILL) }
}

/// Keeps a started `Process` alive while its instance exists. `@unchecked Sendable`: the process is only read by
/// Foundation's own monitoring after `run()`; nothing here touches it again.
final class ProcessBox: @unchecked Sendable {
    let process: Process
    init(_ process: Process) { self.process = process }
}
