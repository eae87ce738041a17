import * as z from 'zod/mini'

export const tenantRoles = ['ministry-admin', 'registrar', 'manager', 'viewer'] as const
/** `api-client`: a system with client credentials in one country; it reaches only the FHIR Directory, by scope */
export const roles = ['platform-admin', 'partner-admin', ...tenantRoles, 'donor', 'api-client'] as const

export const Role = z.enum(roles)
export type Role = z.infer<typeof Role>
export const TenantRole = z.enum(tenantRoles)
export type TenantRole = z.infer<typeof TenantRole>

/** Roles that may read or write person-level data. Never partner-admin or donor by themselves. */
export const personRoles: Role[] = ['ministry-admin', 'registrar', 'manager', 'viewer']
export const personWriters: Role[] = ['ministry-admin', 'registrar', 'manager']

export const isTenantRole = (role: Role): role is TenantRole => (tenantRoles as readonly string[]).includes(role)
