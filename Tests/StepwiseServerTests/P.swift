import Testing
import HummingbirdTesting
@testable import StepwiseServer
