import Testing

/// The first port a server reports on `ports`, or nil (with an issue recorded) when none came within `limit`: a server
/// that failed to start must fail its test, not leave it waiting for ever.
func firstPort(
    _ ports: AsyncStream<Int>, within limit: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation
) async -> Int? {
    let port = await withTaskGroup(of: Int?.self) { group in
        group.addTask {
            for await port in ports { return port }
            return nil
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return nil
        }
        let first = await group.next() ?? nil
        group.cancelAll()
        return first
    }
    if port == nil { Issue.record("The server reported no port within \(limit)", sourceLocation: sourceLocation) }
    return port
}
