import StepFunctionsAPI
import Synchronization

/// What ``StepFunctionsBackend/startExecution(_:input:name:options:)`` remembers of the workflows it ensured, so it
/// ensures a workflow once per backend instead of before every start (3 + N calls on AWS).
///
/// An entry belongs to one backend object (held weakly: it ends with the backend, and an object that later gets the
/// same address never sees it) and one workflow name, and remembers the fingerprint it was ensured with: the
/// workflow lowered with the default configuration and the options. A workflow whose definition, placements or
/// options changed has another fingerprint and is ensured again. Backends that are values (not classes) have no
/// identity to key on and are ensured before every start, as before.
///
/// `Sendable`: the entries live in a `Mutex`.
final class DeploymentCache: Sendable {
    /// The cache of this process.
    static let shared = DeploymentCache()

    private struct Key: Hashable {
        var backend: ObjectIdentifier
        var workflow: String
    }

    private struct Entry: Sendable {
        weak var backend: (any StepFunctionsBackend & AnyObject)?
        var fingerprint: String
        var deployment: StateMachineDeployment
    }

    private let entries = Mutex<[Key: Entry]>([:])

    /// The deployment remembered for `workflow` on `backend` with this fingerprint, or nil.
    func deployment(of workflow: String, on backend: some StepFunctionsBackend, fingerprint: String) -> StateMachineDeployment? {
        guard let object = Self.object(backend) else { return nil }
        let key = Key(backend: ObjectIdentifier(object), workflow: workflow)
        return entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            guard entry.backend === object else {
                // The backend it was made for is gone (this is another object at the same address).
                entries[key] = nil
                return nil
            }
            return entry.fingerprint == fingerprint ? entry.deployment : nil
        }
    }

    /// Remembers that `workflow` is ensured on `backend` as `deployment`.
    func remember(_ deployment: StateMachineDeployment, of workflow: String, on backend: some StepFunctionsBackend, fingerprint: String) {
        guard let object = Self.object(backend) else { return }
        let key = Key(backend: ObjectIdentifier(object), workflow: workflow)
        entries.withLock { entries in
            // Entries of backends that are gone go with any write, so the cache does not grow with dead backends.
            entries = entries.filter { $0.value.backend != nil }
            entries[key] = Entry(backend: object, fingerprint: fingerprint, deployment: deployment)
        }
    }

    /// Forgets `workflow` on `backend` (its machine was deleted or changed behind this process's back).
    func forget(_ workflow: String, on backend: some StepFunctionsBackend) {
        guard let object = Self.object(backend) else { return }
        let key = Key(backend: ObjectIdentifier(object), workflow: workflow)
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }

    /// The backend as an object, when it is a class instance.
    private static func object(_ backend: some StepFunctionsBackend) -> (any StepFunctionsBackend & AnyObject)? {
        guard type(of: backend) is AnyClass else { return nil }
        return backend as AnyObject as? any StepFunctionsBackend & AnyObject
    }
}
