/** Who may do what in the registry (DESIGN.md "Who uses it"). Scoped users are further confined by subtree in core. */
export const registryReaders = ['ministry-admin', 'registrar', 'manager', 'viewer'] as const
export const registryWriters = ['ministry-admin', 'registrar', 'manager'] as const
export const referenceEditors = ['ministry-admin', 'registrar'] as const
