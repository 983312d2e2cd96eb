import OrderedCollections

/// The transform operator `| location | update [, delete] |`: a function that returns a modified copy of its
/// argument, with each object the location expression selects merged with the update object and stripped of
/// the keys the delete expression names (T2011, T2012 for updates and deletions of the wrong type).
extension JSONataEvaluator {
    /// A position in a value: object keys and array indexes from the root.
    enum PathComponent: Hashable {
        case key(String)
        case index(Int)
    }

    func applyTransform(_ transform: JSONataTransform, _ argument: JSONataValue?, at position: Int) throws(JSONataError) -> JSONataValue? {
        guard var result = argument else { return nil }
        switch result {
        case .object, .array: break
        default: throw .argument(1, of: "transform", at: position)
        }
        let matched = try evaluate(transform.pattern, input: result, environment: transform.environment)
        guard let matched else { return result }
        let matches = matched.arrayItems ?? [matched]
        // JSONata updates the matched objects in place (they are references into a clone); here each match is
        // located in the copy by value, in document order, each location used once.
        var claimed: Set<[PathComponent]> = []
        var locations: [[PathComponent]?] = []
        for match in matches {
            guard case .object = match else {
                locations.append(nil)
                continue
            }
            var found: [PathComponent]?
            try locate(match, in: result, path: [], claimed: claimed, found: &found, at: position)
            if let found { claimed.insert(found) }
            locations.append(found)
        }
        for (match, location) in zip(matches, locations) {
            // every match is evaluated (T2011/T2012 apply to all); only objects are changed
            let current = location.flatMap { Self.value(at: $0, in: result) } ?? match
            var object: OrderedDictionary<String, JSONataValue> = [:]
            if case .object(let members) = current { object = members }
            let update = try evaluate(transform.update, input: current, environment: transform.environment)
            if let update {
                guard case .object(let members) = update else {
                    throw JSONataError(code: "T2011", message: "The insert/update clause of the transform expression must evaluate to an object: \(update.messageForm)", position: transform.update.position)
                }
                for (key, value) in members { object[key] = value }
            }
            if let deleteNode = transform.delete, let deletions = try evaluate(deleteNode, input: current, environment: transform.environment) {
                let names = deletions.arrayItems ?? [deletions]
                var keys: [String] = []
                for name in names {
                    guard case .string(let key) = name else {
                        throw JSONataError(code: "T2012", message: "The delete clause of the transform expression must evaluate to a string or array of strings: \(deletions.messageForm)", position: deleteNode.position)
                    }
                    keys.append(key)
                }
                for key in keys { object.removeValue(forKey: key) }
            }
            guard let location, case .object = current else { continue }
            result = Self.replacing(at: location[...], in: result, with: .object(object))
        }
        return result
    }

    /// The first unclaimed location (document order) of an object equal to `target`.
    private func locate(
        _ target: JSONataValue, in value: JSONataValue, path: [PathComponent], claimed: Set<[PathComponent]>, found: inout [PathComponent]?,
        at position: Int
    ) throws(JSONataError) {
        guard found == nil else { return }
        try charge(1, at: position)
        switch value {
        case .object(let members):
            if !claimed.contains(path), Self.deepEqual(value, target) {
                found = path
                return
            }
            for (key, member) in members {
                try locate(target, in: member, path: path + [.key(key)], claimed: claimed, found: &found, at: position)
                if found != nil { return }
            }
        case .array(let array):
            for (index, item) in array.items.enumerated() {
                try locate(target, in: item, path: path + [.index(index)], claimed: claimed, found: &found, at: position)
                if found != nil { return }
            }
        default:
            return
        }
    }

    static func value(at path: [PathComponent], in root: JSONataValue) -> JSONataValue? {
        var current = root
        for component in path {
            switch (component, current) {
            case (.key(let key), .object(let members)):
                guard let next = members[key] else { return nil }
                current = next
            case (.index(let index), .array(let array)):
                guard array.items.indices.contains(index) else { return nil }
                current = array.items[index]
            default:
                return nil
            }
        }
        return current
    }

    static func replacing(at path: ArraySlice<PathComponent>, in root: JSONataValue, with replacement: JSONataValue) -> JSONataValue {
        guard let first = path.first else { return replacement }
        switch (first, root) {
        case (.key(let key), .object(var members)):
            guard let child = members[key] else { return root }
            members[key] = replacing(at: path.dropFirst(), in: child, with: replacement)
            return .object(members)
        case (.index(let index), .array(var array)):
            guard array.items.indices.contains(index) else { return root }
            array.items[index] = replacing(at: path.dropFirst(), in: array.items[index], with: replacement)
            return .array(array)
        default:
            return root
        }
    }
}
