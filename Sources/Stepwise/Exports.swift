// `import Stepwise` is all a user needs: the ASL core, the Step Functions wire shapes and backend protocol, the AWS
// client, and (with the default `EmbeddedEngine` trait) the embedded engine behind the same protocol.
@_exported import StatesLanguage
@_exported import StepFunctionsAPI
@_exported import StepFunctionsClient

#if EmbeddedEngine
// Only what a user of the embedded engine names (the engine's own history and status types stay out of scope, so
// they never clash with the wire shapes above).
@_exported import class StepwiseEngine.StepwiseEngine
@_exported import enum StepwiseEngine.StoreLocation
@_exported import protocol StepwiseEngine.EngineClock
@_exported import struct StepwiseEngine.SystemEngineClock
@_exported import struct StepwiseEngine.ResourceNames
#endif
