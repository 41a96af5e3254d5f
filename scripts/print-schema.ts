import 'reflect-metadata';
import { printVitrinaSchema } from '../src/api/schema.js';

process.stdout.write(await printVitrinaSchema());
