import Foundation
import HTTPTypes
import Hummingbird
import StepFunctionsAPI
import StepwiseLambda

/// The web console: `GET /console/...` pages over any ``StepFunctionsBackend`` (the wire shapes only), and the
/// form `POST`s that start, stop and redrive executions.
struct Console<Backend: StepFunctionsBackend>: Sendable {
    let backend: Backend
    let configuration: ConsoleConfiguration
    let activity: ActivityObservations?
    /// Each activity's waiting tasks (the engine's queues, or what an ``ExecutionObserver`` read).
    let queues: (any ActivityQueueSource)?
    /// The local Lambda functions listed with the activities (nil: none served here).
    var functions: LocalLambda? = nil

    static var cookieName: String { "stepwise_console" }

    /// Registers the console's routes on `router`.
    func register(on router: Router<StepwiseRequestContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/console/", type: .found) }
        router.get("/console/assets/console.css") { _, _ in
            Self.asset(ConsoleAssets.css, type: "text/css; charset=utf-8")
        }
        router.get("/console/assets/console.js") { _, _ in
            Self.asset(ConsoleAssets.javascript, type: "text/javascript; charset=utf-8")
        }
        router.get("/console/login") { request, _ in await page(request) { _ in loginPage(message: nil) } }
        router.post("/console/login") { request, _ in try await login(request) }
        let pages: [(String, @Sendable (Request) async throws -> String)] = [
            ("/console/", { try await machinesPage($0) }),
            ("/console/machine", { try await machinePage($0) }),
            ("/console/executions", { try await executionsPage($0) }),
            ("/console/execution", { try await executionPage($0) }),
            ("/console/activities", { try await activitiesPage($0) }),
        ]
        for (path, render) in pages {
            router.get(RouterPath(path)) { request, _ in
                guard authorized(request) else { return Response.redirect(to: "/console/login", type: .found) }
                return await page(request) { try await render($0) }
            }
        }
        router.post("/console/actions/start") { request, _ in try await action(request) { try await startExecution($0) } }
        router.post("/console/actions/stop") { request, _ in try await action(request) { .redirect(try await stopExecution($0)) } }
        router.post("/console/actions/redrive") { request, _ in try await action(request) { .redirect(try await redriveExecution($0)) } }
    }

    // MARK: Responses

    /// Headers of every console response: a Content-Security-Policy without inline script or style.
    static var securityHeaders: HTTPFields {
        var headers = HTTPFields()
        headers[.contentSecurityPolicy] =
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        headers[.xContentTypeOptions] = "nosniff"
        headers[HTTPField.Name("Referrer-Policy")!] = "same-origin"
        headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        headers[.cacheControl] = "no-store"
        return headers
    }

    static func asset(_ text: String, type: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        headers[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok, extra: HTTPFields = [:]) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers.append(contentsOf: extra)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// Renders a page; a backend error becomes an error page with its AWS code and message.
    func page(_ request: Request, _ render: (Request) async throws -> String) async -> Response {
        do {
            return Self.html(try await render(request))
        } catch let error as ConsoleError {
            return Self.html(layout(title: "Not found", body: "<div class=\"message error\">\(HTML.escape(error.message))</div>"), status: error.status)
        } catch let error as StepFunctionsError {
            let status: HTTPResponse.Status = error.code.httpStatus == 400 && error.code.rawValue.contains("DoesNotExist") ? .notFound : .badRequest
            return Self.html(
                layout(title: "Error", body: "<div class=\"message error\"><b>\(HTML.escape(error.code.rawValue))</b>: \(HTML.escape(error.message))</div>"),
                status: status)
        } catch {
            return Self.html(layout(title: "Error", body: "<div class=\"message error\">\(HTML.escape("\(error)"))</div>"), status: .internalServerError)
        }
    }

    // MARK: Access and CSRF

    /// Whether the request may see the console: always without `--auth`, else with the access token's cookie.
    func authorized(_ request: Request) -> Bool {
        guard let token = configuration.accessToken else { return true }
        guard let cookie = request.cookies[Self.cookieName] else { return false }
        return Self.constantTimeEquals(cookie.value, token)
    }

    /// The CSRF token of forms (one per server; a page from another origin cannot read it).
    var csrfToken: String { configuration.csrfSecret }

    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// What a form POST answers: the page to go to, or a page of its own (an EXPRESS run's result).
    enum ActionOutcome {
        case redirect(String)
        case page(title: String, body: String)
    }

    /// Reads a form POST: checks access, the Origin (when sent) and the CSRF token, then runs `perform`, which
    /// answers where to go (or what to show).
    func action(_ request: Request, _ perform: @escaping ([String: String]) async throws -> ActionOutcome) async throws -> Response {
        guard authorized(request) else { return Response.redirect(to: "/console/login", type: .normal) }
        var request = request
        let body = try await request.collectBody(upTo: 1 << 20)
        let form = Self.parseForm(String(buffer: body))
        if let origin = request.headers[.origin], let host = request.head.authority {
            guard origin == "http://\(host)" || origin == "https://\(host)" else {
                return Self.html(layout(title: "Refused", body: "<div class=\"message error\">Cross-origin request refused.</div>"), status: .forbidden)
            }
        }
        guard let token = form["csrf"], Self.constantTimeEquals(token, csrfToken) else {
            return Self.html(
                layout(title: "Refused", body: "<div class=\"message error\">The form's CSRF token is missing or wrong: reload the page and try again.</div>"),
                status: .forbidden)
        }
        do {
            switch try await perform(form) {
            case .redirect(let location): return Response.redirect(to: location, type: .normal)
            case .page(let title, let body): return Self.html(layout(title: title, body: body))
            }
        } catch let error as StepFunctionsError {
            let back = form["back"].flatMap { $0.hasPrefix("/console/") ? $0 : nil } ?? "/console/"
            let body = """
                <div class="message error"><b>\(HTML.escape(error.code.rawValue))</b>: \(HTML.escape(error.message))</div>
                <p><a href="\(HTML.escape(back))">Back</a></p>
                """
            return Self.html(layout(title: "The action failed", body: body), status: .badRequest)
        }
    }

    func login(_ request: Request) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 64 << 10)
        let form = Self.parseForm(String(buffer: body))
        guard let expected = configuration.accessToken else { return Response.redirect(to: "/console/", type: .normal) }
        guard let token = form["token"]?.trimmingCharacters(in: .whitespaces), Self.constantTimeEquals(token, expected) else {
            return Self.html(loginPage(message: "That token is not the one stepwise serve printed."), status: .forbidden)
        }
        var headers = HTTPFields()
        headers[.location] = "/console/"
        headers[.setCookie] = "\(Self.cookieName)=\(token); Path=/console; HttpOnly; SameSite=Strict"
        return Response(status: .seeOther, headers: headers)
    }

    func loginPage(message: String?) -> String {
        let error = message.map { "<div class=\"message error\">\(HTML.escape($0))</div>" } ?? ""
        return layout(
            title: "Sign in",
            body: """
                <div class="card"><h2>This console needs the access token</h2>
                <p>\(configuration.accessToken == nil ? "No token is needed on this server." : "stepwise serve printed it at start: <code>stepwise serve: console token …</code>")</p>
                \(error)
                <form method="post" action="/console/login"><input type="password" name="token" autocomplete="off" size="70" \
                aria-label="Access token" autofocus> <button class="primary" type="submit">Sign in</button></form></div>
                """)
    }

    static func parseForm(_ text: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let name = parts.first else { continue }
            result[decode(name)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return result
    }
}

/// A console page that cannot be shown (a missing parameter, an unknown page).
struct ConsoleError: Error {
    var status: HTTPResponse.Status
    var message: String
}

extension Request {
    /// A query parameter, percent-decoded.
    func parameter(_ name: String) -> String? {
        uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }
}
