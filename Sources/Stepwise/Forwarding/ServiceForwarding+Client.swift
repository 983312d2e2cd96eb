#if EmbeddedEngine
import StepFunctionsClient
import StepwiseEngine

extension ServiceForwarding {
    /// Forwarding signed by `client` (its SDK credential chain and region): every service at `endpoint` (an emulator
    /// such as LocalStack or moto serving them all on one port), or, when it is nil, at AWS's endpoint of each service
    /// for the client's region.
    ///
    /// ```swift
    /// let client = try StepFunctionsClient(region: "eu-west-1")
    /// engine.addTaskDispatcher(ServiceForwarding(client: client, endpoint: "http://127.0.0.1:5000"))
    /// ```
    package init(client: StepFunctionsClient, endpoint: String?) {
        self.init(
            send: { request in
                let url = endpoint ?? client.awsServiceEndpoint(prefix: request.endpointPrefix)
                let answer = try await client.sendSigned(
                    endpoint: url, signingName: request.signingName, target: request.target, contentType: request.contentType, body: request.body)
                return ServiceResponse(status: answer.status, headers: answer.headers, body: answer.body, headerNames: answer.headerNames)
            }, s3: client.s3Client(endpoint: endpoint))
    }
}
#endif
