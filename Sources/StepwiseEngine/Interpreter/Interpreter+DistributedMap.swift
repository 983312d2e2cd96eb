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
/// bucket directory or in S3 (ranged GETs) is read as the children start, from a byte offset (``ItemCursor``),
/// `ItemBatcher` building each batch from it then (``ItemBatching``). Items from the input, JSONata, a JSON array
/// object, a listing, or a manifest's objects are still held in the state.
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
            // AWS's wording for each (recorded): a value that is not an integer fails the state, a negative one the
            // reading of the items. AWS reads the value's text, so a string holding an integer counts: a variable
            // holding "2" read two items (LocalStack's test_assign_reference_variables.snapshot.json,
            // MAP_STATE_REFERENCE_IN_MAX_ITEMS_PATH).
            let value = try Flow.value(at: path, scope, machine: machine)
            guard let number = Self.integer(value) else {
                throw StatesError(
                    StatesError.Name.runtime,
                    cause: "The MaxItemsPath field refers to value \"\(Self.referredText(value))\" which is not a valid integer: \(path)")
            }
            guard number >= 0 else { throw LocalItemReader.failure("field MaxItems must be positive") }
            maxItems = number
        }
        // MaxItems 0 (or absent) reads every item.
        return try LocalItemReader(directories: s3Directories, s3: s3Client).source(
            resource: reader.resource, parameters: parameters, config: reader.readerConfig,
            maxItems: (maxItems ?? 0) > 0 ? maxItems : nil, lazily: lazily)
    }

    /// How an `ItemBatcher` groups the items of this Map (its limits and `BatchInput`, evaluated once when the Map
    /// starts).
    mutating func itemBatching(
        _ rt: ExecutionRuntime, _ fid: Int, _ map: MapState, batcher: ItemBatcher, effectiveInput: JSONValue,
        base: EvaluationScope
    ) throws(StatesError) -> ItemBatching {
        guard let machine else { return ItemBatching(maxBytes: StepwiseEngine.maxPayloadBytes) }
        let jsonata = machine.definition.effectiveQueryLanguage(of: .map(map)) == .jsonata
        var inner = base
        inner.input = effectiveInput
        let maxItems = try batchLimit(batcher.maxItemsPerBatch, path: batcher.maxItemsPerBatchPath, name: "MaxItemsPerBatch", inner)
        let maxBytes = try batchLimit(
            batcher.maxInputBytesPerBatch, path: batcher.maxInputBytesPerBatchPath, name: "MaxInputBytesPerBatch", inner)
        var batching = ItemBatching(
            maxItems: maxItems, maxBytes: min(maxBytes ?? StepwiseEngine.maxPayloadBytes, StepwiseEngine.maxPayloadBytes))
        if let template = batcher.batchInput {
            if jsonata {
                batching.batchInput = try Self.jsonata(template, ["input": effectiveInput, "context": inner.context], inner)
            } else {
                let evaluated: JSONValue = try Flow.template(template, inner, machine: machine)
                batching.batchInput = evaluated
            }
        }
        return batching
    }

    /// An item as its child (or its batch) gets it: `ItemSelector` (or the legacy `Parameters`) applied to it, with
    /// `$$.Map.Item` set to its index and value.
    func selectItem(
        _ rt: ExecutionRuntime, _ fid: Int, _ map: MapState, effectiveInput: JSONValue, index: Int, item: JSONValue
    ) throws(StatesError) -> JSONValue {
        guard let machine, let selector = map.itemSelector ?? map.parameters else { return item }
        let itemScope = scope(rt, fid, input: effectiveInput, mapItem: (index, item))
        if machine.definition.effectiveQueryLanguage(of: .map(map)) == .jsonata {
            return try Self.jsonata(
                selector, ["input": effectiveInput, "context": itemScope.context], itemScope, field: "ItemSelector") ?? item
        }
        return try Flow.template(selector, itemScope, machine: machine)
    }

    /// The children's inputs when `ItemBatcher` is set and the items are held: `ItemSelector` applied to each item,
    /// then the items grouped into batches (``ItemBatching``).
    mutating func batchInputs(
        _ rt: ExecutionRuntime, _ fid: Int, _ map: MapState, batching: ItemBatching, items: [JSONValue],
        effectiveInput: JSONValue
    ) throws(StatesError) -> [JSONValue] {
        var batches: [JSONValue] = []
        var current = ItemBatching.Batch(batching)
        for (index, item) in items.enumerated() {
            let selected = try selectItem(rt, fid, map, effectiveInput: effectiveInput, index: index, item: item)
            if try !current.add(selected, batching) {
                batches.append(batching.childInput(current.items))
                current = ItemBatching.Batch(batching)
                _ = try current.add(selected, batching)
            }
        }
        if !current.items.isEmpty { batches.append(batching.childInput(current.items)) }
        return batches
    }

    /// The next batch read from a JSONL or CSV object (nil when its items are all read): items are read from the
    /// cursor and selected one at a time until the batch is full; an item that would make it too large is left for
    /// the next batch (the cursor goes back to it, and the reader is reopened there). Holds one batch at a time.
    func nextBatch(
        _ rt: ExecutionRuntime, _ fid: Int, _ map: MapState, effectiveInput: JSONValue, cursor: inout ItemCursor,
        reader: inout ItemFileReader?, batching: inout ItemBatching
    ) throws(StatesError) -> JSONValue? {
        var current = ItemBatching.Batch(batching)
        while batching.nextItem < batching.itemLimit, !current.isFull(batching) {
            if reader == nil { reader = try cursor.open(s3: s3Client) }
            let before = cursor
            guard var open = reader.take() else { break }
            let next = try cursor.next(&open)
            reader = open
            guard let item = next else {
                throw LocalItemReader.failure("The object '\(cursor.key)' ended before its item \(batching.nextItem + 1)")
            }
            let selected = try selectItem(rt, fid, map, effectiveInput: effectiveInput, index: batching.nextItem, item: item)
            guard try current.add(selected, batching) else {
                cursor = before
                reader?.close()
                reader = nil
                break
            }
            batching.nextItem += 1
        }
        // Not a `? nil :` expression: JSONValue takes `nil` as its null, which would make every call a batch.
        guard !current.items.isEmpty else { return Optional<JSONValue>.none }
        return batching.childInput(current.items)
    }

    /// A positive batch limit from its literal, JSONata expression or reference path (nil when not set). A path may
    /// select a string holding the integer: AWS batched by variables holding "2" and "15000" (LocalStack's
    /// test_assign_reference_variables.snapshot.json, MAP_STATE_REFERENCE_IN_MAX_PER_BATCH_PATH).
    private func batchLimit(
        _ literal: IntOrExpression?, path: String?, name: String, _ scope: EvaluationScope
    ) throws(StatesError) -> Int? {
        // 0 (AWS's minimum for every Map number field), however it is given, sets no limit.
        if let value = literal?.intValue { return value > 0 ? value : nil }
        if case .expression(let text)? = literal {
            let value = try Self.expressionInt(text, name: name, scope, minimum: 0)
            return value > 0 ? value : nil
        }
        guard let path, let machine else { return nil }
        let selected = try Flow.value(at: path, scope, machine: machine)
        guard let value = Self.integer(selected), value >= 0 else {
            throw StatesError(
                StatesError.Name.runtime, cause: "The \(name)Path field does not reference a valid positive integer: '\(path)'")
        }
        return value > 0 ? value : nil
    }

    /// An `ItemReader` that failed as the Map starts, recorded as AWS records it: `MapStateStarted` (length 0), then
    /// for a failure to read the items (`States.ItemReaderFailed`) a Map Run that starts and fails at once and
    /// `MapStateFailed`; any other failure (its parameters, a `MaxItemsPath` that is not an integer) fails the state
    /// after `MapStateStarted` alone. Returns the error to throw.
    mutating func itemReaderFailed(_ rt: inout ExecutionRuntime, _ fid: Int, _ map: MapState, _ error: StatesError) -> StatesError {
        emit(&rt, frame: fid, "MapStateStarted", ["length": .int(0)])
        guard error.error == StatesError.Name.itemReaderFailed else { return error }
        let run = newMapRun(rt, fid, map, children: 0, items: 0)
        emitMapRunStarted(&rt, fid, run)
        var wait = ChildrenWait(isMap: true, effectiveInput: .null, items: [], results: [], maxConcurrency: 0, mapRunArn: run.arn)
        wait.mapRun = run
        stopMapRun(rt, &wait, status: "FAILED")
        emit(&rt, frame: fid, "MapRunFailed", ["error": .string(error.error), "cause": .string(error.cause)])
        emit(&rt, frame: fid, "MapStateFailed", nil)
        return error
    }

    /// Records the start of the Map Run (``newMapRun(_:_:_:children:items:)`` names it).
    mutating func emitMapRunStarted(_ rt: inout ExecutionRuntime, _ fid: Int, _ run: MapRunProgress) {
        emit(&rt, frame: fid, "MapRunStarted", ["mapRunArn": .string(run.arn)])
    }
}

/// How a Distributed Map's `ItemBatcher` groups its items: at most `MaxItemsPerBatch` items and
/// `MaxInputBytesPerBatch` bytes of child input (`{"Items": [...], "BatchInput": ...}`) a batch. Kept in the Map's
/// state when the batches are built from a cursor as the children start (``ChildrenWait/itemBatching``).
struct ItemBatching: Codable, Sendable, Hashable {
    var maxItems: Int?
    var maxBytes: Int
    var batchInput: JSONValue?
    /// Reading from a cursor: the index of the next item (`$$.Map.Item.Index` in `ItemSelector`) and how many items
    /// the Map reads (`MaxItems`).
    var nextItem = 0
    var itemLimit = Int.max

    /// A child's input: the `BatchInput`, then the batch, in the order AWS gives them (LocalStack's
    /// test_base_scenarios.snapshot.json, test_map_item_batching_base_json_max_per_batch_jsonata, recorded against
    /// AWS: `[{"BatchInput":{"BatchTimestamp":…},"Items":[…]}]`).
    func childInput(_ items: [JSONValue]) -> JSONValue {
        var object: JSONObject = [:]
        if let batchInput { object["BatchInput"] = batchInput }
        object["Items"] = .array(items)
        return .object(object)
    }

    /// A batch being filled, and the size of the child input it makes.
    struct Batch {
        var items: [JSONValue] = []
        var size: Int
        let emptySize: Int

        init(_ batching: ItemBatching) {
            emptySize = batching.childInput([]).jsonString().utf8.count
            size = emptySize
        }

        func isFull(_ batching: ItemBatching) -> Bool { batching.maxItems.map { items.count >= $0 } ?? false }

        /// Adds an item (after `ItemSelector`) when it fits; false when it starts the next batch. An item too large
        /// for any batch fails the Map.
        mutating func add(_ item: JSONValue, _ batching: ItemBatching) throws(StatesError) -> Bool {
            let itemSize = item.jsonString().utf8.count
            guard emptySize + itemSize <= batching.maxBytes else {
                throw StatesError(
                    StatesError.Name.runtime,
                    cause: "An item of the Map state is larger than MaxInputBytesPerBatch (\(batching.maxBytes) bytes) allows for a batch.")
            }
            // The size grows by the item's size plus a separating comma.
            let grown = size + itemSize + (items.isEmpty ? 0 : 1)
            if !items.isEmpty, grown > batching.maxBytes || isFull(batching) { return false }
            size = grown
            items.append(item)
            return true
        }
    }
}
