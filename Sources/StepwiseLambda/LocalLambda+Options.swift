import Foundation

extension LocalLambda {
    /// A local Lambda with the functions of `--function NAME=COMMAND` options (each COMMAND runs under `/bin/sh -c`
    /// with the Runtime API's environment, Lambda's default limits: 3 s timeout, 128 MB); nil when there are none.
    /// - Throws: ``LocalLambdaError`` (`InvalidParameterValueException`) for an option that is not `NAME=COMMAND`
    ///   with a valid function name.
    public static func fromOptions(_ options: [String], region: String = "us-east-1", account: String = "123456789012") throws
        -> LocalLambda?
    {
        guard !options.isEmpty else { return nil }
        let local = LocalLambda(region: region, account: account)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")
        for option in options {
            guard let equals = option.firstIndex(of: "=") else {
                throw LocalLambdaError(
                    code: "InvalidParameterValueException", message: "--function \(option): expected NAME=COMMAND", httpStatus: 400)
            }
            let name = String(option[..<equals])
            let command = String(option[option.index(after: equals)...])
            guard (1...64).contains(name.count), name.allSatisfy(allowed.contains) else {
                throw LocalLambdaError(
                    code: "InvalidParameterValueException",
                    message: "--function \(option): a function name has 1 to 64 letters, digits, '-' or '_'", httpStatus: 400)
            }
            guard !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw LocalLambdaError(
                    code: "InvalidParameterValueException", message: "--function \(option): the command is empty", httpStatus: 400)
            }
            local.putFunction(LocalFunction(name: name, command: ["/bin/sh", "-c", command], handler: name))
        }
        return local
    }

    /// Runs `body` while `local` (if any) serves its Runtime API, then stops it and its processes.
    public static func running<T: Sendable>(_ local: LocalLambda?, _ body: () async throws -> T) async throws -> T {
        guard let local else { return try await body() }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await local.run() }
            _ = await local.port()
            do {
                let value = try await body()
                group.cancelAll()
                return value
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}
