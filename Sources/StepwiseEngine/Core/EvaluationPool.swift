import DequeModule
import Foundation
import Synchronization

/// The threads that run interpreters: off the engine lock, and off Swift's cooperative pool, so that one slow
/// evaluation (a large JSONata sort, a wide Map) holds up neither API calls, nor the server's request handlers,
/// nor other executions (up to ``threadCount`` slow ones at once).
///
/// Executions are queued by ARN (each at most once: the engine's mailbox says whether one is queued or being
/// evaluated, so an execution is evaluated by one thread at a time). Threads start with ``start(_:)`` (from the
/// engine's `run()`) and stop with ``stop()``, each after its current evaluation, which `stop()` does not wait for:
/// a slow evaluation cannot delay shutdown.
///
/// A thread that runs out of work spins for more a moment (``spin``; one thread in the process at a time, and only
/// while no thread evaluates) before it sleeps: a request-response exchange (a start, then the task's result a few
/// hundred microseconds later) then finds a thread awake instead of paying a wake-up on each side, tens of
/// microseconds each on a virtual machine.
///
/// `@unchecked Sendable`: every stored property is guarded by `condition`, except `hook`, which is a `Mutex`, and
/// the atomics.
final class EvaluationPool: @unchecked Sendable {
    /// Evaluation threads per engine: at least four, so that a few slow evaluations leave threads for the rest.
    static let threadCount = max(4, ProcessInfo.processInfo.activeProcessorCount)
    /// Stack size of an evaluation thread (deep JSONata evaluations and values check the stack they run on).
    static let stackSize = 16 << 20

    private let condition = NSCondition()
    private var ready = Deque<String>()
    private var running = false
    /// Increases with every start, so that threads of an earlier run that are still finishing an evaluation exit.
    private var generation = 0
    /// Called on the evaluation thread before each evaluation, with the execution ARN (tests hold one there).
    private let hook = Mutex<(@Sendable (String) -> Void)?>(nil)

    /// Queues an execution for evaluation (before ``start(_:)``, it waits for the threads).
    func enqueue(_ arn: String) {
        condition.lock()
        ready.append(arn)
        let waiting = queued.add(1, ordering: .sequentiallyConsistent).newValue
        // A thread spinning for work takes it without a wake-up (see `loop`); otherwise wake one.
        let spinning = spinners.load(ordering: .sequentiallyConsistent)
        if spinning < waiting { condition.signal() }
        condition.unlock()
    }

    /// Inputs in `ready` (read without the lock by spinning threads).
    private let queued = Atomic<Int>(0)
    /// This pool's threads spinning for work before they sleep (an input queued while one spins needs no wake-up).
    private let spinners = Atomic<Int>(0)
    /// Whether some thread spins, in any engine of the process: one at most (a process with many engines, a test
    /// suite, must not spin a thread for each).
    private static let spinToken = Atomic<Int>(0)
    /// Threads running an evaluation, in every engine of the process: a thread spins only while there are none, so
    /// that it never takes a core from one (a long execution, a Map, many executions at once keep their threads).
    private static let busy = Atomic<Int>(0)
    /// How long a thread that ran out of work spins for more before it sleeps (zero: never).
    let spin: Duration

    /// A pool whose idle threads spin for `spin` before they sleep (the engine's `evaluationSpin`).
    init(spin: Duration) {
        self.spin = max(spin, .zero)
    }

    /// Spins (yielding the core to any other thread that wants it) until an input is queued, a thread starts
    /// evaluating, or ``spin`` has passed. The caller then looks at the queue under the lock.
    private func spinForWork() {
        // One thread in the process spins at a time: the others sleep at once (each would take a core from the work).
        guard spin > .zero, Self.busy.load(ordering: .relaxed) == 0,
            Self.spinToken.compareExchange(expected: 0, desired: 1, ordering: .sequentiallyConsistent).exchanged
        else { return }
        defer { Self.spinToken.store(0, ordering: .sequentiallyConsistent) }
        spinners.add(1, ordering: .sequentiallyConsistent)
        defer { spinners.subtract(1, ordering: .sequentiallyConsistent) }
        let deadline = ContinuousClock.now + spin
        while ContinuousClock.now < deadline, queued.load(ordering: .sequentiallyConsistent) == 0,
            // Another thread took work: leave the core to it.
            Self.busy.load(ordering: .relaxed) == 0
        {
            sched_yield()
        }
    }

    /// Starts the threads; each calls `work` with one queued execution at a time until ``stop()``.
    func start(_ work: @escaping @Sendable (String) -> Void) {
        condition.lock()
        running = true
        generation += 1
        let generation = generation
        condition.unlock()
        for index in 0..<Self.threadCount {
            let thread = Thread { [self] in loop(generation, work) }
            thread.stackSize = Self.stackSize
            thread.name = "stepwise-evaluation-\(index)"
            thread.start()
        }
    }

    /// Stops the threads (each once its current evaluation is applied) and returns the executions still queued.
    @discardableResult
    func stop() -> [String] {
        condition.lock()
        running = false
        let left = Array(ready)
        queued.subtract(ready.count, ordering: .sequentiallyConsistent)
        ready.removeAll()
        condition.broadcast()
        condition.unlock()
        return left
    }

    /// Installs a closure run on the evaluation thread before every evaluation (nil removes it). For tests: one
    /// that blocks for a given execution stands for a slow evaluation of it.
    package func setHook(_ closure: (@Sendable (String) -> Void)?) {
        hook.withLock { $0 = closure }
    }

    private func loop(_ generation: Int, _ work: @Sendable (String) -> Void) {
        var spun = false
        while true {
            condition.lock()
            if ready.isEmpty, running, self.generation == generation, !spun {
                condition.unlock()
                spinForWork()
                spun = true
                continue
            }
            while ready.isEmpty, running, self.generation == generation { condition.wait() }
            guard running, self.generation == generation, let arn = ready.popFirst() else {
                condition.unlock()
                return
            }
            queued.subtract(1, ordering: .sequentiallyConsistent)
            spun = false
            condition.unlock()
            if let hook = hook.withLock({ $0 }) { hook(arn) }
            Self.busy.add(1, ordering: .relaxed)
            work(arn)
            Self.busy.subtract(1, ordering: .relaxed)
        }
    }
}

extension StepwiseEngine {
    /// For tests: runs `hook` on the evaluation thread before each evaluation, with the execution's ARN (nil
    /// removes it). A hook that blocks for one execution stands for a slow evaluation of it.
    package func setEvaluationHook(_ hook: (@Sendable (String) -> Void)?) {
        evaluator.setHook(hook)
    }
}
