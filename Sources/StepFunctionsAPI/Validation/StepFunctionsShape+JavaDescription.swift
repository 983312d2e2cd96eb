extension StepFunctionsShape {
    /// The shape as AWS's Java model prints it in a `ValidationException`: `Name(member=value, other=null)`, members in
    /// model order (the order of the stored properties), strings unquoted.
    ///
    /// AWS shows a list that is too long this way, e.g. `Value '[RoutingConfigurationListItem(stateMachineVersionArn=...,
    /// weight=50), ...]' at 'routingConfiguration'` (LocalStack's test_sfn_api_aliasing.snapshot.json, recorded against AWS).
    public var javaDescription: String {
        let members = Mirror(reflecting: self).children.map { child in
            "\(child.label ?? "")=\(JavaDescription.of(child.value))"
        }
        return "\(Self.self)(\(members.joined(separator: ", ")))"
    }
}

extension Array where Element: StepFunctionsShape {
    /// The list as AWS's Java model prints it: `[Item(a=1), Item(a=2)]`.
    public var javaDescription: String {
        "[" + map(\.javaDescription).joined(separator: ", ") + "]"
    }
}

private enum JavaDescription {
    static func of(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .optional {
            guard let wrapped = mirror.children.first?.value else { return "null" }
            return of(wrapped)
        }
        if let shape = value as? any StepFunctionsShape { return shape.javaDescription }
        if mirror.displayStyle == .collection {
            return "[" + mirror.children.map { of($0.value) }.joined(separator: ", ") + "]"
        }
        return "\(value)"
    }
}
