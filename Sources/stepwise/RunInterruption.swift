import Dispatch
import Foundation
import StepFunctionsAPI
import StepwiseEngine
import StepwiseLambda

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `stepwise run` stopped by SIGINT (Ctrl-C) or SIGTERM while it works: its engine stops first (what it committed stays,
/// and nothing more is written: a function killed next cannot fail the task), then the local functions' processes
/// (`--function`) are killed, since they would outlive it, and it says what became of the execution, which is durable
/// and stays RUNNING. It exits 130 or 143, as a shell reports a process ended by the signal. Without this the process died at
/// once: its bootstrap processes went on running, and nothing said that the execution would resume.
///
/// A SIGINT ignored when the command started (a job started with `&` by a shell) stays ignored.
final class RunInterruption: @unchecked Sendable {
    private let lock = NSLock()
    private var note: String?
    private var engine: StepwiseEngine?
    private let local: LocalLambda?
    private var sources: [any DispatchSourceSignal] = []

    init(local: LocalLambda?) {
        self.local = local
        for signalNumber in [SIGINT, SIGTERM] {
            let previous = signal(signalNumber, SIG_IGN)
            if signalNumber == SIGINT, Self.isIgnore(previous) { continue }
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [self] in interrupted(by: signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    /// The engine to stop first, when the command runs one.
    func attach(_ backend: any StepFunctionsBackend) {
        lock.withLock { engine = backend as? StepwiseEngine }
    }

    /// What to say if the command is stopped from now on.
    func executionStarted(_ executionArn: String, database: String, endpoint: String?) {
        let place = endpoint.map { "goes on in the server at \($0)" }
            ?? "stays RUNNING in \(database) and resumes when an engine has that file open (stepwise serve, or stepwise run again)"
        lock.withLock { note = "stepwise: stopped waiting; the execution \(executionArn) \(place)\n" }
    }

    private func interrupted(by signalNumber: Int32) {
        let (engine, note) = lock.withLock { (self.engine, self.note) }
        if let engine {
            // On a dispatch thread, not Swift's pool: waiting here blocks none of the engine's tasks.
            let stopped = DispatchSemaphore(value: 0)
            Task.detached {
                await engine.shutdown()
                stopped.signal()
            }
            _ = stopped.wait(timeout: .now() + 5)
        }
        local?.stopAll()
        if let note { Console.err(note) }
        fflush(nil)
        Foundation.exit(128 + signalNumber)
    }

    /// Whether the handler `signal` returned is SIG_IGN (C function pointers, compared by address).
    private static func isIgnore<Handler>(_ handler: Handler?) -> Bool {
        guard let handler else { return false }
        return unsafeBitCast(handler, to: Int.self) == unsafeBitCast(SIG_IGN, to: Int.self)
    }
}
