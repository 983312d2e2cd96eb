import Foundation
import StepwiseLambda

extension Console {
    /// The local Lambda functions' card on `/console/activities`: each function's runtime, limits, invocations and
    /// cold starts (what the seed's team watched for their Lambda-placed handlers).
    func functionsCard() -> String {
        guard let functions else { return "" }
        let list = functions.functions
        guard !list.isEmpty else {
            return """
                <div class="card"><h2>Lambda functions</h2><p class="muted">No local Lambda functions (create them with \
                <code>aws lambda create-function</code> against this server, or <code>stepwise serve --function NAME=COMMAND</code>).</p></div>
                """
        }
        let rows = list.map { function in
            let statistics = functions.statistics(of: function.name)
            let concurrency = function.reservedConcurrency.map { "\($0)" } ?? "unreserved"
            return """
                <tr><td class="name">\(HTML.escape(function.name))</td><td>\(HTML.escape(function.runtime))</td>\
                <td class="num">\(function.timeoutSeconds) s</td><td class="num">\(function.memorySize) MB</td>\
                <td class="num">\(HTML.escape(concurrency))</td><td class="num">\(statistics.invocations)</td>\
                <td class="num">\(statistics.coldStarts)</td></tr>
                """
        }.joined(separator: "\n")
        return """
            <div class="card"><h2>Lambda functions</h2><table id="functions"><thead><tr><th>Function</th><th>Runtime</th>\
            <th class="num">Timeout</th><th class="num">Memory</th><th class="num">Reserved concurrency</th>\
            <th class="num">Invocations</th><th class="num">Cold starts</th></tr></thead><tbody>\(rows)</tbody></table>\
            <p class="muted">Invocations and cold starts since this server started.</p></div>
            """
    }
}
