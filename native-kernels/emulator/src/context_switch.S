// Cooperative switching between the fibers that play a thread block's threads (x86-64 System V).
//
//   void jg_emu_switch(void** save, void* next)
//     pushes the callee-saved registers, MXCSR and the x87 control word on the current stack,
//     stores the stack pointer in *save, and resumes the fiber whose saved stack pointer is next.
//
//   jg_emu_fiber_start
//     where a new fiber's first switch returns to: calls jg_emu_fiber_main(fiber), the fiber
//     having been put in %r12 by the stack scheduler.cpp prepared; that function never returns.
    .text
    .globl jg_emu_switch
    .hidden jg_emu_switch
    .type jg_emu_switch, @function
jg_emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $16, %rsp
    stmxcsr 8(%rsp)
    fnstcw (%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr 8(%rsp)
    fldcw (%rsp)
    addq $16, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size jg_emu_switch, . - jg_emu_switch

    .globl jg_emu_fiber_start
    .hidden jg_emu_fiber_start
    .type jg_emu_fiber_start, @function
jg_emu_fiber_start:
    movq %r12, %rdi
    andq $-16, %rsp
    call jg_emu_fiber_main
    ud2
    .size jg_emu_fiber_start, . - jg_emu_fiber_start

    .section .note.GNU-stack, "", @progbits
