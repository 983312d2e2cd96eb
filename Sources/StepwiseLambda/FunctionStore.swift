import Crypto
public import Foundation
import Synchronization

/// Functions created through Lambda's API (`CreateFunction` with a zip) on a ``LocalLambda``: each package is
/// unpacked under ``root`` and run by its runtime — `bootstrap` for `provided.al2023`/`provided.al2`, and
/// `python3 -m awslambdaric HANDLER` for `python3.x` when a Python with `awslambdaric` is importable. The
/// configuration is kept in `function.json` beside the code, so a server started again on the same directory has
/// its functions back (``load()``).
///
/// `Sendable`: the metadata lives in a `Mutex`; the files are written under it.
public final class FunctionStore: Sendable {
    /// The directory holding one subdirectory per function.
    public let root: URL
    /// The local Lambda the functions run on.
    public let local: LocalLambda
    let records = Mutex<[String: FunctionRecord]>([:])

    /// A store under `root` for `local`'s functions.
    public init(root: URL, local: LocalLambda) {
        self.root = root
        self.local = local
    }

    /// Runtimes whose code is a `bootstrap` executable.
    public static let customRuntimes: Set<String> = ["provided.al2023", "provided.al2", "provided"]
    /// Python runtimes, run with `awslambdaric` by the `python3` on `PATH`.
    public static let pythonRuntimes: Set<String> = ["python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14"]

    // MARK: Loading

    /// Reads the functions saved under ``root`` and puts them on the local Lambda; a directory whose
    /// `function.json` cannot be read is skipped (and named in the returned list).
    @discardableResult
    public func load() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        var skipped: [String] = []
        for name in names.sorted() {
            let file = root.appendingPathComponent(name).appendingPathComponent("function.json")
            guard let data = try? Data(contentsOf: file), let record = try? JSONDecoder().decode(FunctionRecord.self, from: data),
                record.name == name
            else {
                if FileManager.default.fileExists(atPath: file.path) { skipped.append(name) }
                continue
            }
            records.withLock { $0[name] = record }
            local.putFunction(localFunction(record))
        }
        return skipped
    }

    // MARK: Operations

    /// `CreateFunction`: unpacks `zip` and adds the function.
    /// - Throws: ``LocalLambdaError``: `ResourceConflictException` when a function of that name exists,
    ///   `InvalidParameterValueException` for a package that cannot be unzipped or a runtime that cannot run here.
    public func create(_ configuration: FunctionRecord, zip: [UInt8]) throws(LocalLambdaError) -> FunctionRecord {
        try Self.checkRuntime(configuration.runtime)
        // The name is taken under the lock (a placeholder without code), so two concurrent creates cannot both win.
        let taken = records.withLock { records in
            if records[configuration.name] != nil || local.function(named: configuration.name) != nil { return true }
            records[configuration.name] = configuration
            return false
        }
        guard !taken else {
            throw LocalLambdaError(code: "ResourceConflictException", message: "Function already exist: \(configuration.name)", httpStatus: 409)
        }
        var record = configuration
        do throws(LocalLambdaError) {
            try unpack(zip, into: &record)
            try save(record)
        } catch {
            records.withLock { _ = $0.removeValue(forKey: configuration.name) }
            try? FileManager.default.removeItem(at: directory(of: configuration.name))
            throw error
        }
        return record
    }

    /// `UpdateFunctionCode`: unpacks a new package; idle processes stop, so the next invocation starts cold on it.
    public func updateCode(name: String, zip: [UInt8]) throws(LocalLambdaError) -> FunctionRecord {
        var record = try get(name)
        let previous = record.codeDirectory
        try unpack(zip, into: &record)
        try save(record)
        if let previous, previous != record.codeDirectory { try? FileManager.default.removeItem(at: directory(of: record.name).appendingPathComponent(previous)) }
        return record
    }

    /// `UpdateFunctionConfiguration`: `change` edits the record (timeout, memory, environment, handler, runtime, ...).
    public func updateConfiguration(name: String, _ change: (inout FunctionRecord) -> Void) throws(LocalLambdaError) -> FunctionRecord {
        var record = try get(name)
        change(&record)
        try Self.checkRuntime(record.runtime)
        record.touch()
        try save(record)
        return record
    }

    /// `PutFunctionConcurrency` (a number) and `DeleteFunctionConcurrency` (nil).
    public func setReservedConcurrency(name: String, _ reserved: Int?) throws(LocalLambdaError) -> FunctionRecord {
        var record = try get(name)
        record.reservedConcurrency = reserved
        try save(record)
        return record
    }

    /// The function named `name` (a name or an ARN). Functions given as commands (`--function NAME=COMMAND`) are
    /// described from their ``LocalFunction``.
    /// - Throws: `ResourceNotFoundException`.
    public func get(_ name: String) throws(LocalLambdaError) -> FunctionRecord {
        let key = LocalFunction.name(from: name) ?? name
        if let record = records.withLock({ $0[key] }) { return record }
        guard let function = local.function(named: key) else { throw .notFound(key, account: local.account, region: local.region) }
        return FunctionRecord(command: function)
    }

    /// Every function, by name.
    public func list() -> [FunctionRecord] {
        let saved = records.withLock { $0 }
        return local.functions.map { saved[$0.name] ?? FunctionRecord(command: $0) }
    }

    /// `DeleteFunction`: stops its processes and removes its files.
    public func delete(_ name: String) throws(LocalLambdaError) {
        let record = try get(name)
        records.withLock { _ = $0.removeValue(forKey: record.name) }
        local.deleteFunction(named: record.name)
        try? FileManager.default.removeItem(at: directory(of: record.name))
    }

    // MARK: Internals

    /// The directory of the function `name` (its `function.json` and unpacked code).
    public func directory(of name: String) -> URL { root.appendingPathComponent(name) }

    private func unpack(_ zip: [UInt8], into record: inout FunctionRecord) throws(LocalLambdaError) {
        let archive: ZipArchive
        do {
            archive = try ZipArchive(zip)
        } catch {
            // AWS's message for a package it cannot unzip; the reason after it is ours.
            throw LocalLambdaError(
                code: "InvalidParameterValueException",
                message: "Could not unzip uploaded file. Please check your file, then try to upload again. (\(error.reason))", httpStatus: 400)
        }
        let revision = UUID().uuidString.lowercased()
        let code = "code-\(revision.prefix(8))"
        do {
            try archive.extract(to: directory(of: record.name).appendingPathComponent(code))
        } catch {
            throw LocalLambdaError(code: "InvalidParameterValueException", message: "Could not unzip uploaded file: \(error.reason)", httpStatus: 400)
        }
        record.codeDirectory = code
        record.codeSize = zip.count
        record.codeSha256 = Data(SHA256.hash(data: zip)).base64EncodedString()
        record.touch()
    }

    private func save(_ record: FunctionRecord) throws(LocalLambdaError) {
        let file = directory(of: record.name).appendingPathComponent("function.json")
        do {
            try FileManager.default.createDirectory(at: directory(of: record.name), withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            try encoder.encode(record).write(to: file, options: .atomic)
        } catch {
            throw LocalLambdaError(code: "ServiceException", message: "Cannot save the function \(record.name): \(error.localizedDescription)", httpStatus: 500)
        }
        records.withLock { $0[record.name] = record }
        local.putFunction(localFunction(record))
    }

    /// Runs `python3 -m awslambdaric HANDLER` with one change: awslambdaric's own HTTP calls (the init error of a
    /// handler that cannot be imported, `Runtime.ImportModuleError`) open `http.client.HTTPConnection` on
    /// `AWS_LAMBDA_RUNTIME_API` as given, which here is `127.0.0.1:PORT/i/N` (each process's own path). The connection
    /// class is given a subclass that takes such an address and sends its requests under the path, so the init error
    /// reaches the Runtime API as on AWS instead of failing to connect (and the invocation failing as `Runtime.ExitError`).
    /// Addresses without a path (everything the function itself connects to) are unchanged.
    static let pythonLauncher = """
        import http.client, runpy, sys
        class _RuntimeConnection(http.client.HTTPConnection):
            def __init__(self, host, *args, **kwargs):
                host, slash, path = host.partition("/")
                self._stepwise_path = "/" + path.rstrip("/") if slash else ""
                super().__init__(host, *args, **kwargs)
            def putrequest(self, method, url, *args, **kwargs):
                return super().putrequest(method, self._stepwise_path + url, *args, **kwargs)
        http.client.HTTPConnection = _RuntimeConnection
        sys.argv = ["awslambdaric"] + sys.argv[1:]
        runpy.run_module("awslambdaric", run_name="__main__", alter_sys=True)
        """

    /// The process a record runs as.
    func localFunction(_ record: FunctionRecord) -> LocalFunction {
        let code = record.codeDirectory.map { directory(of: record.name).appendingPathComponent($0).path }
        var environment = record.environment
        var command: [String]
        if Self.pythonRuntimes.contains(record.runtime) {
            command = ["python3", "-c", Self.pythonLauncher, record.handler]
            if let code { environment["PYTHONPATH"] = code }
        } else {
            command = [code.map { $0 + "/bootstrap" } ?? "bootstrap"]
        }
        if code == nil, let original = record.command { command = original }
        return LocalFunction(
            name: record.name, command: command, workingDirectory: code, handler: record.handler, timeoutSeconds: record.timeout,
            memorySize: record.memorySize, reservedConcurrency: record.reservedConcurrency, environment: environment, runtime: record.runtime)
    }

    /// Whether `python3 -m awslambdaric` can run here, once known (checked once per process).
    private static let pythonRuntime = Mutex<Bool?>(nil)

    /// A process that checks whether python3 can import awslambdaric.
    private static func pythonCheck() -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import awslambdaric"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    /// For a Python `runtime`, finds out whether `python3 -m awslambdaric` can run here, waiting for the child process
    /// through its termination handler: no thread waits (a request handler that checked in place held one of Swift's
    /// cooperative threads for the whole Python import). Await it before ``create(_:zip:)`` or
    /// ``updateConfiguration(name:_:)``; they check in place, once per process, when nothing did.
    public static func prepareRuntimeCheck(_ runtime: String) async {
        guard pythonRuntimes.contains(runtime), pythonRuntime.withLock({ $0 }) == nil else { return }
        let available = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            let process = pythonCheck()
            process.terminationHandler = { ended in continuation.resume(returning: ended.terminationStatus == 0) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(returning: false)
            }
        }
        _ = remember(available)
    }

    /// Whether `python3 -m awslambdaric` can run here: what ``prepareRuntimeCheck(_:)`` found, else checked now,
    /// blocking this thread until the child process ends.
    static var pythonRuntimeAvailable: Bool {
        if let known = pythonRuntime.withLock({ $0 }) { return known }
        let process = pythonCheck()
        do {
            try process.run()
        } catch {
            return remember(false)
        }
        process.waitUntilExit()
        return remember(process.terminationStatus == 0)
    }

    /// Keeps the first answer of concurrent checks, and returns the one kept.
    private static func remember(_ available: Bool) -> Bool {
        pythonRuntime.withLock { known in
            let kept = known ?? available
            known = kept
            return kept
        }
    }

    /// Refuses a runtime this local Lambda cannot run (the wordings are ours: AWS runs every runtime it lists).
    static func checkRuntime(_ runtime: String) throws(LocalLambdaError) {
        if customRuntimes.contains(runtime) { return }
        if pythonRuntimes.contains(runtime) {
            guard pythonRuntimeAvailable else {
                throw LocalLambdaError(
                    code: "InvalidParameterValueException",
                    message: "The runtime \(runtime) runs here as `python3 -m awslambdaric HANDLER`, and no python3 on PATH can import "
                        + "awslambdaric: install it (python3 -m pip install awslambdaric), or use provided.al2023 with a bootstrap.",
                    httpStatus: 400)
            }
            return
        }
        throw LocalLambdaError(
            code: "InvalidParameterValueException",
            message: "The runtime parameter of \(runtime) is not supported by this local Lambda: use provided.al2023 or provided.al2 "
                + "(a bootstrap executable) or python3.9 to python3.14 (with awslambdaric installed).",
            httpStatus: 400)
    }
}
