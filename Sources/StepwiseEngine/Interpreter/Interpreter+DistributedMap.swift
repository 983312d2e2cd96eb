import Foundation
import OrderedCollections
import StatesLanguage

/// A Distributed Map (`ItemProcessor.ProcessorConfig.Mode: DISTRIBUTED`) on the embedded engine.
///
/// The engine runs each child workflow as a flow of the parent execution and records it as a child execution of
/// the Map Run (its row and its own history, ``startChildExecution(_:_:run:express:input:itemCount:sequence:)``). The
/// parent's history has `MapRunStarted` after `MapStateStarted`, then `MapRunSucceeded` or `MapRunFailed`, and no
/// `MapIteration*` events. `ItemBatcher` groups the items (after `ItemSelector`) into batches, each child getting
/// `{"Items": [...], "BatchInput": ...}` as AWS documents. `ItemReader` and `ResultWriter` use buckets mapped to
/// directories or Amazon S3 through ``StepwiseEngine/useS3(_:)`` (``RemoteItemReader``,
/// ``writeResults(_:_:_:_:wait:results:)``).
///
/// What the parent saves with each transition does not grow with the items: the children's results are their rows,
/// read in item order when the last child has ended (``ChildrenWait/resultsInStore``), and a JSONL or CSV object in a
/// bucket directory is read as the children start, from a byte offset (``ItemCursor``). Items from the input,
/// JSONata, a JSON array object, an object read through S3 or batched by `ItemBatcher` are still held in the state.
extension Interpreter {
    static func isDistributed(_ map: MapState) -> Bool {
        map.itemProcessor.processorConfig?.mode == .distributed
    }

    /// Whether each child gets a batch of items (`ItemBatcher` in a Distributed Map).
    static func isBatched(_ map: MapState) -> Bool { isDistributed(map) && map.itemBatcher != nil }

    /// How many items a child's input holds: a batch's `Items`, else one.
    static func itemCount(_ map: MapState, _ input: JSONValue) -> Int {
        guard isBatched(map), case .array(let items)? = input["Items"] else { return 1 }
        return items.count
    }

    /// Fails a Distributed Map that needs what the engine cannot do (nothing now: `ResultWriter` writes to a
    /// bucket's directory or to S3, ``writeResults(_:_:_:_:wait:results:)``).
    static func checkDistributedSupport(_ map: MapState) throws(StatesError) {}

    /// The items of an `ItemReader`, read from the S3 buckets mapped to local directories (``LocalItemReader``):
    /// its Parameters (JSONPath) or Arguments (JSONata) name the bucket and key or prefix, `ReaderConfig` the format
    /// and `MaxItems`. With `lazily`, a JSONL or CSV object in a directory is not read here: the Map gets a cursor.
    func readItems(_ reader: ItemReader, _ scope: EvaluationScope, jsonata: Bool, lazily: Bool) throws(StatesError) -> MapItemSource {
        guard let machine else { return .items([]) }
        let parameters: JSONValue
        if jsonata {
            parameters = try Self.jsonata(reader.arguments, ["input": scope.input, "context": scope.context], scope) ?? .object([:])
        } else {
            parameters = try Flow.template(reader.parameters, scope, machine: machine) ?? .object([:])
        }
        var maxItems = reader.readerConfig?.maxItems?.intValue
        if case .expression(let text)? = reader.readerConfig?.maxItems {
            maxItems = try Self.expressionInt(text, name: "MaxItems", scope, minimum: 0)
        }
        if let path = reader.readerConfig?.maxItemsPath {
            guard let value = try Flow.value(at: path, scope, machine: machine)?.intValue, value >= 0 else {
                throw StatesError(
                    StatesError.Name.runtime, cause: "The MaxItemsPath field does not reference a valid non-negative integer: '\(path)'")
            }
            maxItems = value
        }
        // MaxItems 0 (or absent) reads every item.
        return try LocalItemReader(directories: s3Directories, s3: s3Client).source(
            resource: reader.resource, parameters: parameters, config: reader.readerConfig,
            maxItems: (maxItems ?? 0) > 0 ? maxItems : nil, lazily: lazily)
    }

    /// The children's inputs when `ItemBatcher` is set: `ItemSelector` applied to each item, then the items grouped
    /// into batches of at most `MaxItemsPerBatch` items and `MaxInputBytesPerBatch` bytes of child input.
    mutating func batchInputs(
        _ rt: ExecutionRuntime, _ fid: Int, _ map: MapState, batcher: ItemBatcher, items: [JSONValue],
        effectiveInput: JSONValue, base: EvaluationScope
    ) throws(StatesError) -> [JSONValue] {
        guard let machine else { return [] }
        let jsonata = machine.definition.effectiveQueryLanguage(of: .map(map)) == .jsonata
        var inner = base
        inner.input = effectiveInput
        let maxItems = try batchLimit(batcher.maxItemsPerBatch, path: batcher.maxItemsPerBatchPath, name: "MaxItemsPerBatch", inner)
        let maxBytes = try batchLimit(
            batcher.maxInputBytesPerBatch, path: batcher.maxInputBytesPerBatchPath, name: "MaxInputBytesPerBatch", inner)
        let limitBytes = min(maxBytes ?? StepwiseEngine.maxPayloadBytes, StepwiseEngine.maxPayloadBytes)
        var batchInput: JSONValue?
        if let template = batcher.batchInput {
            if jsonata {
                batchInput = try Self.jsonata(template, ["input": effectiveInput, "context": inner.context], inner)
            } else {
                let evaluated: JSONValue = try Flow.template(template, inner, machine: machine)
                batchInput = evaluated
            }
        }
        var selected: [JSONValue] = []
        selected.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            guard let selector = map.itemSelector ?? map.parameters else {
                selected.append(item)
                continue
            }
            let itemScope = scope(rt, fid, input: effectiveInput, mapItem: (index, item))
            if jsonata {
                selected.append(
                    try Self.jsonata(selector, ["input": effectiveInput, "context": itemScope.context], itemScope) ?? item)
            } else {
                let evaluated: JSONValue = try Flow.template(selector, itemScope, machine: machine)
                selected.append(evaluated)
            }
        }
        func childInput(_ batch: [JSONValue]) -> JSONValue {
            var object: JSONObject = ["Items": .array(batch)]
            if let batchInput { object["BatchInput"] = batchInput }
            return .object(object)
        }
        // The size of a batch grows by each item's size plus a separating comma.
        let emptySize = childInput([]).jsonString().utf8.count
        var batches: [JSONValue] = []
        var current: [JSONValue] = []
        var currentSize = emptySize
        for item in selected {
            let itemSize = item.jsonString().utf8.count
            guard emptySize + itemSize <= limitBytes else {
                throw StatesError(
                    StatesError.Name.runtime,
                    cause: "An item of the Map state is larger than MaxInputBytesPerBatch (\(limitBytes) bytes) allows for a batch.")
            }
            let added = currentSize + itemSize + (current.isEmpty ? 0 : 1)
            if !current.isEmpty, added > limitBytes || (maxItems.map { current.count >= $0 } ?? false) {
                batches.append(childInput(current))
                current = []
                currentSize = emptySize
            }
            currentSize += itemSize + (current.isEmpty ? 0 : 1)
            current.append(item)
        }
        if !current.isEmpty { batches.append(childInput(current)) }
        return batches
    }

    /// A positive batch limit from its literal, JSONata expression or reference path (nil when not set).
    private func batchLimit(
        _ literal: IntOrExpression?, path: String?, name: String, _ scope: EvaluationScope
    ) throws(StatesError) -> Int? {
        if let value = literal?.intValue { return value }
        if case .expression(let text)? = literal { return try Self.expressionInt(text, name: name, scope, minimum: 1) }
        guard let path, let machine else { return nil }
        guard let value = try Flow.value(at: path, scope, machine: machine)?.intValue, value > 0 else {
            throw StatesError(
                StatesError.Name.runtime, cause: "The \(name)Path field does not reference a valid positive integer: '\(path)'")
        }
        return value
    }

    /// Records the start of the Map Run (``newMapRun(_:_:_:children:items:)`` names it).
    mutating func emitMapRunStarted(_ rt: inout ExecutionRuntime, _ fid: Int, _ run: MapRunProgress) {
        emit(&rt, frame: fid, "MapRunStarted", ["mapRunArn": .string(run.arn)])
    }
}
