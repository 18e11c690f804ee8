// The shared HCL library holds this module now; this path is kept for test/challenges/terraform-refactor.*.
export * from '../../_lib/hcl/grading.ts';
