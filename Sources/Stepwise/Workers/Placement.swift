/// Where a handler runs: here, with a number of slots (tasks at once).
///
/// Placement is decided at run time, outside the workflow: the same workflow runs with any set of placements,
/// served by ``ActivityWorker`` against any backend (in the embedded engine's process it polls the engine
/// directly). `Sendable`: a value.
public struct Placement: Sendable {
    /// The handler to run.
    public var handler: AnyTaskHandler
    /// How many of its tasks run at once (at least 1).
    public var slots: Int
    /// How many `GetActivityTask` long polls an ``ActivityWorker`` keeps open for it at most (1 to `slots`); each
    /// holds a free slot while it waits. More pollers take tasks faster over a network, at one connection each.
    public var pollers: Int
    /// Set for a handler placed on Lambda (``onLambda(_:functionName:timeout:memorySize:maxConcurrency:)``): its
    /// steps lower to Lambda tasks and workers do not poll its activity. `nil` for a handler placed here.
    public var lambda: LambdaSettings?

    /// `handler` with `slots` slots (at least 1) and `pollers` pollers (1 to `slots`).
    public init(_ handler: AnyTaskHandler, slots: Int = 1, pollers: Int = 1) {
        self.handler = handler
        self.slots = max(1, slots)
        self.pollers = min(max(1, pollers), self.slots)
    }

    /// A typed handler with `slots` slots and `pollers` pollers.
    public static func here<H: TaskHandler>(_ handler: H, slots: Int = 1, pollers: Int = 1) -> Placement {
        Placement(AnyTaskHandler(handler), slots: slots, pollers: pollers)
    }

    /// A closure handler with `slots` slots and `pollers` pollers.
    public static func here<Input, Output>(
        _ function: TaskFunction<Input, Output>, slots: Int = 1, pollers: Int = 1
    ) -> Placement {
        Placement(AnyTaskHandler(function), slots: slots, pollers: pollers)
    }
}

/// A counting semaphore: at most `count` holders at once, the others wait in order.
actor Slots {
    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(_ count: Int) { available = count }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
