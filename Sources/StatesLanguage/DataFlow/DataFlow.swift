public import OrderedCollections

/// The JSONPath data flow of one state, as AWS Step Functions applies it:
/// `InputPath` → `Parameters` → (the task's result) → `ResultSelector` → `ResultPath` → `OutputPath`,
/// with `Assign` evaluated against the same values the state's output is built from.
///
/// Each step is a pure function. Paths given as `String` are compiled once and cached; the overloads taking a
/// ``JSONPath`` or ``PayloadTemplate`` use an already compiled form.
///
/// A path argument of `nil` means the field was JSON `null` in the definition (AWS: `InputPath: null` gives
/// `{}`, `OutputPath: null` gives `{}`, `ResultPath: null` keeps the input). A field that is absent behaves as
/// `"$"`: pass `"$"` for it.
public enum DataFlow {
    // MARK: InputPath

    /// Applies `InputPath` to the state's raw input (`scope.input`).
    ///
    /// - Returns: `{}` when the path is `nil` (`InputPath: null`), the selected value otherwise.
    /// - Throws: `States.Runtime` when a definite path matches nothing or the path is applied to a `null` input.
    public static func applyInputPath(_ path: String?, to scope: EvaluationScope) throws(StatesError) -> JSONValue {
        try applyInputPath(compiled(path), to: scope)
    }

    /// Applies a compiled `InputPath`.
    public static func applyInputPath(_ path: JSONPath?, to scope: EvaluationScope) throws(StatesError) -> JSONValue {
        guard let path else { return .object([:]) }
        return try select(path, in: scope)
    }

    // MARK: Parameters, ResultSelector

    /// Applies `Parameters` (or `ItemSelector`) to the effective input: `scope.input` is the value after
    /// `InputPath`. A `nil` template passes the input through.
    public static func applyParameters(_ template: PayloadTemplate?, in scope: EvaluationScope) throws(StatesError) -> JSONValue {
        guard let template else { return scope.input }
        return try template.evaluate(in: scope)
    }

    /// Applies `ResultSelector` to a task's (or Map's, or Parallel's) result: inside the template `$` is the
    /// result, `$$` the context object. A `nil` template passes the result through.
    public static func applyResultSelector(
        _ template: PayloadTemplate?, result: JSONValue, context: JSONValue = .object([:]), variables: JSONObject = [:]
    ) throws(StatesError) -> JSONValue {
        guard let template else { return result }
        return try template.evaluate(in: EvaluationScope(input: result, context: context, variables: variables))
    }

    // MARK: ResultPath

    /// Applies `ResultPath`: places `result` into the state's raw `input`.
    ///
    /// - `nil` (`ResultPath: null`) discards the result and keeps the input; `"$"` replaces the input.
    /// - Members the path names that the input lacks are created as objects (`$.a.b` on `{}` gives
    ///   `{"a": {"b": result}}`); an existing member or element is replaced.
    /// - Throws: `States.ResultPathMatchFailure` when the path cannot be applied: it runs through a value that is
    ///   not an object (or an array index out of range), or it is not a reference path on `$`.
    public static func applyResultPath(_ path: String?, input: JSONValue, result: JSONValue) throws(StatesError) -> JSONValue {
        guard let text = path else { return input }
        let compiled: JSONPath
        do {
            compiled = try JSONPath.cached(text)
        } catch {
            throw DataFlowError.resultPath(text, input: input)
        }
        return try applyResultPath(compiled, input: input, result: result)
    }

    /// Applies a compiled `ResultPath`; `nil` keeps the input.
    public static func applyResultPath(_ path: JSONPath?, input: JSONValue, result: JSONValue) throws(StatesError) -> JSONValue {
        guard let path else { return input }
        guard path.root == .input, path.isReferencePath else { throw DataFlowError.resultPath(path.text, input: input) }
        var output = input
        guard place(result, at: path.body.segments[...], in: &output) else {
            throw DataFlowError.resultPath(path.text, input: input)
        }
        if output.nestingDepth(exceeds: JSONValue.maximumNestingDepth) { throw StatesError.nestingTooDeep() }
        return output
    }

    private static func place(_ value: JSONValue, at segments: ArraySlice<PathSegment>, in node: inout JSONValue) -> Bool {
        guard let segment = segments.first else {
            node = value
            return true
        }
        let rest = segments.dropFirst()
        switch segment.selector {
        case .member(let name):
            guard case .object(var object) = node else { return false }
            node = .null  // let `object` be the only reference, so it is updated in place
            var child = object[name] ?? .object([:])
            object[name] = .null
            let placed = place(value, at: rest, in: &child)
            object[name] = child
            node = .object(object)
            return placed
        case .index(let index):
            guard case .array(var array) = node else { return false }
            let resolved = index < 0 ? array.count + index : index
            guard array.indices.contains(resolved) else { return false }
            node = .null
            var child = array[resolved]
            array[resolved] = .null
            let placed = place(value, at: rest, in: &child)
            array[resolved] = child
            node = .array(array)
            return placed
        default:
            return false
        }
    }

    // MARK: OutputPath

    /// Applies `OutputPath` to the value `ResultPath` produced.
    ///
    /// - Returns: `{}` when the path is `nil` (`OutputPath: null`), the selected value otherwise.
    /// - Throws: `States.Runtime` when a definite path matches nothing.
    public static func applyOutputPath(
        _ path: String?, to value: JSONValue, context: JSONValue = .object([:]), variables: JSONObject = [:]
    ) throws(StatesError) -> JSONValue {
        try applyOutputPath(compiled(path), to: value, context: context, variables: variables)
    }

    /// Applies a compiled `OutputPath`.
    public static func applyOutputPath(
        _ path: JSONPath?, to value: JSONValue, context: JSONValue = .object([:]), variables: JSONObject = [:]
    ) throws(StatesError) -> JSONValue {
        guard let path else { return .object([:]) }
        return try select(path, in: EvaluationScope(input: value, context: context, variables: variables))
    }

    // MARK: Assign

    /// Evaluates a JSONPath state's `Assign` block against `scope` and returns the variables it assigns.
    ///
    /// Every value is evaluated against the values from before the state — the state's own assignments are
    /// not visible to each other — and the caller merges the returned variables into the scope for the next
    /// states. Keys ending in `.$` take a path or an intrinsic function; nested objects are templates too.
    ///
    /// - Throws: `States.Runtime` for an invalid variable name or an `Assign` that is not an object, and the
    ///   errors of ``PayloadTemplate/evaluate(in:)``.
    public static func assign(_ assign: JSONValue, in scope: EvaluationScope) throws(StatesError) -> JSONObject {
        let compiled: Assignment
        do {
            compiled = try Assignment.cached(assign)
        } catch {
            throw StatesError(StatesError.Name.runtime, cause: error.description)
        }
        return try compiled.evaluate(in: scope)
    }

    // MARK: Helpers

    private static func compiled(_ path: String?) throws(StatesError) -> JSONPath? {
        guard let path else { return nil }
        do {
            return try JSONPath.cached(path)
        } catch {
            throw StatesError(StatesError.Name.runtime, cause: error.message)
        }
    }

    private static func select(_ path: JSONPath, in scope: EvaluationScope) throws(StatesError) -> JSONValue {
        if path.root == .input, !path.body.segments.isEmpty, scope.input == .null { throw DataFlowError.nullInput() }
        guard let value = path.evaluate(in: scope) else {
            throw DataFlowError.noResults(for: path, in: path.root == .input ? scope.input : nil)
        }
        return value
    }
}
