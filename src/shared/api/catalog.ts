/** The catalog wire contract. */
import { type Static, Type } from 'typebox';
import { Nullable } from './common.js';

/** A catalog category (a tree through `parentId`). */
export const CategorySchema = Type.Object({ id: Type.String(), name: Type.String(), parentId: Nullable(Type.String()) });
export type Category = Static<typeof CategorySchema>;
