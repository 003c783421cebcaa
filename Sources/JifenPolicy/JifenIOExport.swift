// The domain's API throws `InputError`, returns `JSON` and takes CSV readers, so a module that
// imports JifenPolicy sees JifenIO's types without importing it too.
@_exported import JifenIO
