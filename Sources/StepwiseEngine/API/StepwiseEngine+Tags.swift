package import StepFunctionsAPI
import Foundation
import Synchronization

/// A tag on a state machine or activity.
package struct ResourceTag: Sendable, Hashable, Codable {
    package var key: String
    package var value: String

    package init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension StepwiseEngine {
    /// AWS's limit of tags per resource.
    public static let maxTagsPerResource = 50

    /// `TagResource`: adds tags to a state machine or activity; a tag whose key exists replaces its value.
    ///
    /// - Throws: `ResourceNotFound`, `TooManyTags` (more than 50 in all), `ValidationException` (a key of
    ///   1 to 128 characters, a value of at most 256).
    package func tagResource(resourceArn: String, tags: [ResourceTag]) async throws(StepFunctionsError) {
        try Self.validateTags(tags)
        let merged: [ResourceTag] = try state.withLock { state throws(StepFunctionsError) in
            try Self.requireTaggable(resourceArn, state: state)
            let merged = Self.merging(state.tags[resourceArn] ?? [], tags)
            guard merged.count <= Self.maxTagsPerResource else { throw Self.tooManyTags(resourceArn) }
            state.tags[resourceArn] = merged
            return merged
        }
        try await durable(WriteBatch(tagSets: [resourceArn: merged]))
    }

    /// `UntagResource`: removes the tags with the given keys (unknown keys are ignored).
    ///
    /// - Throws: `ResourceNotFound`.
    package func untagResource(resourceArn: String, tagKeys: [String]) async throws(StepFunctionsError) {
        let keys = Set(tagKeys)
        let remaining: [ResourceTag] = try state.withLock { state throws(StepFunctionsError) in
            try Self.requireTaggable(resourceArn, state: state)
            let remaining = (state.tags[resourceArn] ?? []).filter { !keys.contains($0.key) }
            state.tags[resourceArn] = remaining.isEmpty ? nil : remaining
            return remaining
        }
        try await durable(WriteBatch(tagSets: [resourceArn: remaining]))
    }

    /// `ListTagsForResource`: the tags, in the order they were first added.
    ///
    /// - Throws: `ResourceNotFound`.
    package func listTagsForResource(resourceArn: String) throws(StepFunctionsError) -> [ResourceTag] {
        try state.withLock { state throws(StepFunctionsError) in
            try Self.requireTaggable(resourceArn, state: state)
            return state.tags[resourceArn] ?? []
        }
    }

    /// Adds tags at creation; returns the new tag list to write (nil when there is nothing to add).
    static func addTags(_ tags: [ResourceTag], to arn: String, state: inout EngineState) throws(StepFunctionsError) -> [ResourceTag]? {
        guard !tags.isEmpty else { return nil }
        let merged = merging(state.tags[arn] ?? [], tags)
        guard merged.count <= maxTagsPerResource else { throw tooManyTags(arn) }
        state.tags[arn] = merged
        return merged
    }

    static func requireTaggable(_ arn: String, state: EngineState) throws(StepFunctionsError) {
        guard state.machines[arn] != nil || state.activities[arn] != nil else {
            throw StepFunctionsError(.resourceNotFound, "Resource not found: '\(arn)'")
        }
    }

    static func tooManyTags(_ arn: String) -> StepFunctionsError {
        StepFunctionsError(.tooManyTags, "Too many tags: the resource '\(arn)' can have at most \(maxTagsPerResource) tags")
    }

    /// AWS's member constraints on tags (`tags.N.member.key`: 1 to 128 characters; value: 0 to 256).
    static func validateTags(_ tags: [ResourceTag]) throws(StepFunctionsError) {
        for (index, tag) in tags.enumerated() {
            let member = "tags.\(index + 1).member"
            if tag.key.isEmpty || tag.key.count > 128 {
                let bound = tag.key.isEmpty ? "greater than or equal to 1" : "less than or equal to 128"
                throw .validation(
                    "1 validation error detected: Value '\(tag.key)' at '\(member).key' failed to satisfy constraint: Member must have length \(bound)")
            }
            if tag.value.count > 256 {
                throw .validation(
                    "1 validation error detected: Value '\(tag.value)' at '\(member).value' failed to satisfy constraint: Member must have length less than or equal to 256")
            }
        }
    }

    /// `current` with `added` applied: an existing key keeps its place and takes the new value.
    static func merging(_ current: [ResourceTag], _ added: [ResourceTag]) -> [ResourceTag] {
        var result = current
        for tag in added {
            if let index = result.firstIndex(where: { $0.key == tag.key }) {
                result[index].value = tag.value
            } else {
                result.append(tag)
            }
        }
        return result
    }
}
