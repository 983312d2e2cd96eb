import StepwiseEngine

// The engine and the wire shapes both name some types alike (`HistoryEvent`, `ExecutionStatus`, ...). This file
// imports the engine alone so the adapter can refer to the engine's types without ambiguity.

/// The engine's history event (`StepwiseEngine.HistoryEvent`).
typealias EngineHistoryEvent = HistoryEvent
/// The engine's execution status (`StepwiseEngine.ExecutionStatus`).
typealias EngineExecutionStatus = ExecutionStatus
/// The engine's execution description.
typealias EngineExecutionDescription = ExecutionDescription
/// The engine's state machine type (`StepwiseEngine.StateMachineType`).
typealias EngineStateMachineType = StateMachineType
/// The engine's redrive status (`StepwiseEngine.RedriveStatus`).
typealias EngineRedriveStatus = RedriveStatus
